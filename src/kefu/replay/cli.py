"""`kefu replay FILE --speed 8`: the command, and what it prints."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
import statistics
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kefu.config import get_settings
from kefu.demo.seed import DEMO_PASSWORD
from kefu.replay.plan import Plan, read_log
from kefu.replay.run import Replay, Tally

err = Console(stderr=True)


def replay(
    file: Annotated[Path, typer.Argument(help="conversation log (JSON Lines): `kefu export`")],
    speed: Annotated[float, typer.Option(help="times faster than the log", min=0.01)] = 8.0,
    url: Annotated[str, typer.Option(help="the running server")] = "http://127.0.0.1:8000",
    day: Annotated[
        str | None, typer.Option(help="only the sessions opened that day (shop's zone)")
    ] = None,
    max_gap: Annotated[
        float | None,
        typer.Option(help="shorten quiet spells (nobody writes) to this many log seconds"),
    ] = None,
    agent: Annotated[
        list[str] | None,
        typer.Option(help="an agent who answers, LOGIN or LOGIN:PASSWORD (default: the log's)"),
    ] = None,
) -> None:
    """Play a day's chats against a running server, as buyers, at N× speed, with agents
    who answer; print the buyer → agent latency and every message's fate. Exits 1 if a
    message is lost or duplicated. Agents' password: KEFU_REPLAY_PASSWORD (default the
    demo's)."""
    try:
        with file.open("rb") as handle:
            plan = read_log(
                handle,
                day=dt.date.fromisoformat(day) if day else None,
                tz=get_settings().shop_timezone,
                max_gap=max_gap,
            )
    except (OSError, ValueError) as error:
        err.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(code=2) from None
    if not plan.sessions:
        err.print("[red]error:[/red] the log has no buyer messages to play", highlight=False)
        raise typer.Exit(code=2)
    agents = _agents(agent or plan.agents)
    err.print(
        f"replaying {len(plan.sessions)} sessions, {plan.messages} buyer messages, "
        f"{plan.length:.0f} s of log time at {speed:g}× (about "
        f"{plan.length / speed:.0f} s) against {url}, agents: "
        f"{', '.join(login for login, _p in agents)}"
    )
    started = time.perf_counter()
    runner = Replay(url=url, plan=plan, speed=speed, agents=agents, run=secrets.token_hex(3))
    try:
        tally = asyncio.run(runner.play())
    except (OSError, RuntimeError) as error:
        err.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(code=2) from None
    lines, ok = report(tally, time.perf_counter() - started, plan)
    for line in lines:
        print(line)
    if not ok:
        raise typer.Exit(code=1)


def _agents(given: list[str]) -> list[tuple[str, str]]:
    password = os.environ.get("KEFU_REPLAY_PASSWORD", DEMO_PASSWORD)
    return [
        (name, secret) if secret else (name, password)
        for name, _sep, secret in (item.partition(":") for item in given)
    ]


def _spread(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"p50 {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms ({len(ordered)} messages)"
    )


def report(tally: Tally, seconds: float, plan: Plan) -> tuple[list[str], bool]:
    """The run in a few lines, and whether nothing was lost or duplicated."""
    opening = [s for c, s in tally.delivered.items() if c in tally.openings]
    served = [s for c, s in tally.delivered.items() if c in tally.to_a_person]
    handed = [
        s
        for c, s in tally.delivered.items()
        if c not in tally.openings and c not in tally.to_a_person
    ]
    lines = [
        f"duration: {seconds:.1f} s for {plan.length:.0f} s of log time",
        f"buyer messages: sent {len(tally.sent)}, acked {len(tally.acked)}, delivered to "
        f"agents {len(tally.delivered)}, answered by the bot only "
        f"{len(tally.bot_answered - set(tally.delivered))}",
        f"agent replies: sent {len(tally.replies_sent)}, acked {len(tally.replies_acked)}, "
        f"delivered to buyers {len(tally.replies_delivered)}",
    ]
    for what, latencies in (
        ("to an agent already serving the chat (the server's own)", served),
        ("first messages (open, route, assign, the agent catches up)", opening),
        ("sent to the bot or in the queue, then handed to an agent (the log's pace)", handed),
    ):
        if latencies:
            lines.append(f"buyer → agent latency, {what}: {_spread(latencies)}")
    problems = [
        ("lost", tally.lost),
        ("not acked", tally.unacked),
        ("duplicated", tally.duplicates),
        ("refused", tally.refused),
    ]
    for name, items in problems:
        if items:
            shown = ", ".join(items[:5]) + (" …" if len(items) > 5 else "")
            lines.append(f"FAILED: {len(items)} {name}: {shown}")
    ok = not any(items for _name, items in problems)
    lines.append("OK: no message lost or duplicated" if ok else "FAILED")
    return lines, ok

"""bench/chat_bench.py on several server processes and client processes (issue 18).

``--backend postgres`` serves Kefu from PostgreSQL, first as one process, then as
``--workers N`` processes (``kefu serve --workers N``, events over Redis), each at
its peak (closed loop) and at half of that peak (open loop), with the same buyers
and agents as the SQLite run. ``--client-procs P`` runs the buyers and agents in P
processes, so the load generator is not the bottleneck: each process has its share of
the buyers and its own socket for every agent (a message then reaches P agent sockets,
one per client process, in both runs being compared).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from _chat_shop import AGENTS, SECRET, prepare_kefu

SCALE_DOC = "chat-scale"
STARTUP_S = 120


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgres"],
        help="this run only, in the table of several processes (default: the (a)–(e) run)",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (postgres: 1 and this many)"
    )
    parser.add_argument("--client-procs", type=int, default=1, help="load generator processes")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("KEFU_BENCH_POSTGRES_URL")
        or os.environ.get("KEFU_TEST_POSTGRES_URL"),
        help="a database the bench may wipe (default KEFU_BENCH_POSTGRES_URL)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("KEFU_REDIS_URL") or os.environ.get("KEFU_TEST_REDIS_URL"),
    )


def wanted(args: argparse.Namespace) -> bool:
    """The scale-out run rather than the single-process (a)–(e) run."""
    if args.backend is None and (args.workers > 1 or args.client_procs > 1):
        args.backend = "sqlite" if args.workers == 1 else "postgres"
    return args.backend is not None


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's workers are the supervisor's children)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(parents.get(current, []))
    return tree


def tree_cpu_seconds(pid: int) -> float:
    total = 0.0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


class SyncedMeter:
    """KefuLoad's meter for a client process: the timed part starts in every client
    process at once (a barrier), and measures the server's whole process tree."""

    def __init__(self, pid: int, barrier: Any) -> None:
        self.pid, self.barrier = pid, barrier
        self.started = self.used = (0.0, 0.0)

    def read(self) -> tuple[float, float]:
        return tree_cpu_seconds(self.pid), time.process_time()

    def start(self) -> None:
        self.barrier.wait(timeout=120)
        self.started = self.read()

    def stop(self) -> None:
        self.used = tuple(now - then for now, then in zip(self.read(), self.started, strict=True))

    def per_message(self, count: int) -> dict[str, float]:
        server, client = self.used
        return {"cpu_us": server / max(count, 1) * 1e6, "client_us": client / max(count, 1) * 1e6}


@dataclass(frozen=True)
class Tools:
    """What chat_bench.py lends: its load generator, server start and table rows."""

    load: Any  # KefuLoad
    free_port: Callable[[], int]
    table_row: Callable[..., str]


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    cookies: list[str]


def fresh_postgres(url: str) -> str:
    from sqlalchemy import text

    from kefu.db import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def start(command: list[str], env: dict[str, str], url: str, log: Path) -> subprocess.Popen[bytes]:
    """The server, once it answers (its output in ``log``); workers boot slowly on a
    loaded machine, and a server that does not come up is stopped with SIGTERM so its
    workers go too."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            time.sleep(STARTUP_S / 20)  # every worker up, not just the first that answers
            return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    process.wait(timeout=60)
    raise RuntimeError(f"{command} did not start")


def serve(args: argparse.Namespace, tools: Tools, folder: Path, url: str, workers: int) -> Served:
    """``kefu serve --workers N`` on a prepared shop; the agents logged in."""
    port = tools.free_port()
    env = {
        "KEFU_DATABASE_URL": url,
        "KEFU_SECRET_KEY": SECRET,
        "KEFU_DATA_DIR": str(folder),
        "KEFU_VISITORS_PER_MINUTE": "1000000",
    }
    if workers > 1:
        env["KEFU_REDIS_URL"] = args.redis_url
    command = [sys.executable, "-m", "kefu.cli", "serve", "--port", str(port)]
    command += ["--log-level", "warning", "--workers", str(workers)]
    log = folder / f"server-{workers}.log"
    print(f"  server log: {log}", flush=True)
    process = start(command, env, f"http://127.0.0.1:{port}/healthz", log)
    cookies = []
    for n in range(AGENTS):
        response = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/login",
            json={"login": f"agent{n}", "password": "bench-pass"},
        )
        cookies.append(response.cookies["kefu_session"])
    return Served(process, port, cookies)


def _client(tools: Tools, served: Served, buyers: int, plan: tuple[Any, ...], results: Any) -> None:
    """One client process's run: its latencies, seconds, server and client CPU."""
    messages, interval, barrier = plan
    load = tools.load(served.port, served.process.pid, served.cookies)
    load.meter = SyncedMeter(served.process.pid, barrier)
    figures = asyncio.run(load.run(buyers, messages, interval=interval))
    server_cpu, client_cpu = load.meter.used
    results.put((load.latencies, figures["count"] / figures["rate"], server_cpu, client_cpu))


def run_load(
    tools: Tools, served: Served, args: argparse.Namespace, messages: int, interval: Any
) -> dict[str, float]:
    """All client processes at once (forked: they inherit the barrier); their
    latencies merged, their rates added."""
    procs = args.client_procs
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(procs), context.Queue()
    shares = [args.buyers // procs + (n < args.buyers % procs) for n in range(procs)]
    children = [
        context.Process(
            target=_client, args=(tools, served, share, (messages, interval, barrier), queue)
        )
        for share in shares
    ]
    for child in children:
        child.start()
    results = [queue.get(timeout=600) for _ in children]
    for child in children:
        child.join(timeout=30)
    if any(child.exitcode != 0 for child in children):
        raise RuntimeError("a client process failed")
    latencies = sorted(latency for result in results for latency in result[0])
    seconds = max(result[1] for result in results)
    count = len(latencies)
    return {
        "count": count,
        "rate": count / seconds,
        "p50": latencies[count // 2] * 1000,
        "p99": latencies[min(count - 1, int(count * 0.99))] * 1000,
        "cpu_us": max(result[2] for result in results) / count * 1e6,  # the server's tree
        "client_us": sum(result[3] for result in results) / count * 1e6,
    }


def measure(
    tools: Tools, served: Served, args: argparse.Namespace
) -> tuple[dict[str, float], dict[str, float]]:
    """Peak (median of ``--runs``, after a warm-up), then half of it, open loop."""
    run_load(tools, served, args, max(1, args.messages // 4), None)
    runs = [run_load(tools, served, args, args.messages, None) for _ in range(args.runs)]
    peak = sorted(runs, key=lambda figures: figures["rate"])[args.runs // 2]
    interval = args.buyers / (peak["rate"] / 2)
    half = run_load(tools, served, args, args.messages, interval)
    return peak, half


def run_scale(args: argparse.Namespace, tools: Tools, folder: Path) -> list[str]:
    """Each server layout's peak and half-load figures; the table rows."""
    if args.backend == "postgres" and not args.postgres_url:
        raise SystemExit("--backend postgres needs --postgres-url (or KEFU_BENCH_POSTGRES_URL)")
    if args.backend == "postgres" and args.workers > 1 and not args.redis_url:
        raise SystemExit("--workers above 1 needs --redis-url (or KEFU_REDIS_URL)")
    if args.backend == "sqlite" and args.workers > 1:
        raise SystemExit("--workers above 1 needs --backend postgres")
    layouts = sorted({1, args.workers})
    results: dict[int, tuple[dict[str, float], dict[str, float]]] = {}
    for workers in layouts:
        if args.backend == "postgres":
            url = prepare_kefu(folder, url=fresh_postgres(args.postgres_url))
        else:
            url = prepare_kefu(folder)
        print(f"{args.backend}, {workers} server process(es), {args.buyers} buyers …", flush=True)
        served = serve(args, tools, folder, url, workers)
        try:
            results[workers] = measure(tools, served, args)
        finally:
            served.process.terminate()
            served.process.wait(timeout=60)
    return rows(args, tools, results)


def rows(
    args: argparse.Namespace,
    tools: Tools,
    results: dict[int, tuple[dict[str, float], dict[str, float]]],
) -> list[str]:
    table_row = tools.table_row
    lines = [
        "| server | messages/s | p50 | p99 | server CPU per message | client CPU per message |",
        "|---|---|---|---|---|---|",
    ]
    for workers, (peak, half) in results.items():
        label = f"{args.backend}, {workers} process{'es' if workers > 1 else ''}"
        lines.append(table_row(f"{label}, peak", peak))
        offered = f"{label}, half of peak ({peak['rate'] / 2:,.0f} msg/s offered)"
        lines.append(table_row(offered, half, note=" (target < 50 ms)"))
    lines.append("")
    one = results[1][0]["rate"]
    if args.workers > 1:
        many = results[args.workers][0]["rate"]
        lines.append(
            f"- {args.workers} processes / 1 process: **{many / one:.2f}** "
            f"({many:,.0f} against {one:,.0f} msg/s). One process runs without Redis, as a "
            f"one-process shop does; {args.workers} are `kefu serve --workers {args.workers}`, "
            "their events through Redis, and every process hears every event."
        )
    load = os.getloadavg()
    lines.append(
        f"- {args.buyers} buyers × {args.messages} messages, {AGENTS} agents, "
        f"{args.client_procs} client process(es), median of {args.runs} runs; "
        f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} after the run "
        f"(the machine is shared)."
    )
    return lines

"""The ``kefu`` command. Each command is a job edge: it opens a session, calls
services, and commits only if everything succeeded."""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import orjson
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from kefu import backup_cli, migrate
from kefu.appraisal.cli import report_appraisal
from kefu.bot.cli import bot_app
from kefu.config import get_settings, stored_secrets
from kefu.db import make_engine, make_sessionmaker, read_only, unit_of_work
from kefu.feedback.cli import feedback_app
from kefu.history import service as history_service
from kefu.hotline.cli import hotline_app
from kefu.kit import clock
from kefu.kit.clock import parse_bound
from kefu.kit.errors import KefuError
from kefu.models.team import Role
from kefu.qc.cli import qc_app
from kefu.replay.cli import replay as replay_command
from kefu.team import accounts
from kefu.team.schemas import AgentIn

if TYPE_CHECKING:
    from fastapi import FastAPI

app = typer.Typer(help="Kefu 客服: customer service for online shops.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
agent_app = typer.Typer(help="Agent accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(agent_app, name="agent")
report_app = typer.Typer(help="Reports.", no_args_is_help=True)
app.add_typer(report_app, name="report")
report_app.command("appraisal")(report_appraisal)
kpi_app = typer.Typer(help="KPI summaries.", no_args_is_help=True)
app.add_typer(kpi_app, name="kpi")
app.add_typer(qc_app, name="qc")
app.add_typer(bot_app, name="bot")
app.add_typer(feedback_app, name="feedback")
app.add_typer(hotline_app, name="hotline")
app.command("backup")(backup_cli.backup_database)
app.command("restore")(backup_cli.restore_database)
app.command("replay")(replay_command)
err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code=1)


@app.callback()
def configured() -> None:
    """Refuse to run at all on a bad configuration (an old public secret, above all),
    with the setting's name rather than a traceback."""
    try:
        get_settings()
    except ValidationError as exc:
        raise _fail("; ".join(problem["msg"] for problem in exc.errors())) from None


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database (KEFU_DATABASE_URL) to the newest schema."""
    migrate.upgrade()
    err.print("database is up to date")


@agent_app.command("add")
def agent_add(
    login: Annotated[str, typer.Argument(help="login name, also the agent id")],
    role: Annotated[Role, typer.Option(help="role id from service-standard.md")],
    name: Annotated[str | None, typer.Option(help="display name, e.g. 小美")] = None,
    group: Annotated[str | None, typer.Option(help="agent group, e.g. 售前组")] = None,
    max_chats: Annotated[int, typer.Option(min=1, max=50, help="chats served at once")] = 8,
    password: Annotated[
        str | None,
        typer.Option(
            help="omit to be asked (or set KEFU_AGENT_PASSWORD)", envvar="KEFU_AGENT_PASSWORD"
        ),
    ] = None,
) -> None:
    """Create an agent account that can log in."""
    if password is None and sys.stdin.isatty():
        password = getpass.getpass("password: ")
    factory = make_sessionmaker(make_engine())
    try:
        data = AgentIn(
            login=login,
            role=role,
            password=password,
            name=name,
            group_id=group,
            max_concurrent=max_chats,
        )
        with unit_of_work(factory) as db:
            new = accounts.do_create_agent(db, data=data, create_group=True)
    except KefuError as exc:
        raise _fail(exc.reason) from None
    except ValidationError as exc:
        raise _fail(exc.errors()[0]["msg"]) from None
    if new.password:
        err.print(f"generated password: {new.password}")
    err.print(f"added {new.agent.id} ({role.value})")


@app.command("import")
def import_history(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Import a history file (JSON Lines, conversation-log.md). All or nothing."""
    factory = make_sessionmaker(make_engine())
    with _progress() as progress, file.open("rb") as handle:
        task = progress.add_task(f"importing {file.name}", total=file.stat().st_size)
        try:
            report = history_service.run_import(factory, _read(handle, progress, task))
        except KefuError as exc:
            raise _fail(f"{file}: {exc.reason}; nothing was imported") from None
    created = ", ".join(f"{key} {count}" for key, count in report.created.items() if count)
    err.print(f"{report.lines} lines read; new rows: {created or 'none (already imported)'}")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )


def _read(handle: IO[bytes], progress: Progress, task: int) -> Iterator[bytes]:
    done = 0
    for line in handle:
        done += len(line)
        if done & 0xFFFF < len(line):  # about every 64 KiB
            progress.update(task, completed=done)
        yield line
    progress.update(task, completed=done)


@app.command("export")
def export_history(
    out: Annotated[Path, typer.Option("--out", help="file to write; - for standard output")],
    start: Annotated[
        str | None, typer.Option("--from", help="inclusive: 2026-11-01 or ISO time")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="exclusive: 2026-12-01 or ISO time")
    ] = None,
) -> None:
    """Export the history as JSON Lines (conversation-log.md)."""
    tz = get_settings().shop_timezone
    try:
        bounds = [parse_bound(value, tz) if value else None for value in (start, end)]
    except ValueError as exc:
        raise _fail(str(exc)) from None
    factory = make_sessionmaker(make_engine())
    count = 0
    target = sys.stdout.buffer if str(out) == "-" else out.open("wb")
    try:
        with factory() as db:
            read_only(db)
            for line in history_service.export_lines(db, tz=tz, start=bounds[0], end=bounds[1]):
                target.write(orjson.dumps(line) + b"\n")
                count += 1
    finally:
        if target is not sys.stdout.buffer:
            target.close()
    err.print(f"{count} lines written to {out}")


@kpi_app.command("rebuild")
def kpi_rebuild() -> None:
    """Write every session's KPI summary again (after loading history by other means)."""
    from kefu.kpi import summaries

    factory = make_sessionmaker(make_engine())
    with _progress() as progress, unit_of_work(factory) as db:
        task = progress.add_task("summarizing sessions", total=None)
        done = summaries.do_rebuild_all(db, progress=lambda n: progress.update(task, completed=n))
    err.print(f"{done} sessions summarized")


@report_app.command("kpis")
def report_kpis(
    start: Annotated[str, typer.Option("--from", help="first day, inclusive (shop's time zone)")],
    end: Annotated[str, typer.Option("--to", help="last day, exclusive")],
    by: Annotated[str, typer.Option(help="agent, day or month")] = "agent",
    output: Annotated[str, typer.Option("--format", help="table, json or xlsx")] = "table",
    out: Annotated[Path | None, typer.Option(help="file for --format xlsx")] = None,
) -> None:
    """The KPIs of shared/spec/kpis.md for a period."""
    from kefu.kit.dates import check_day
    from kefu.kit.xlsx import write_workbook
    from kefu.kpi import report

    if by not in ("agent", "day", "month") or output not in ("table", "json", "xlsx"):
        raise _fail("--by is agent, day or month; --format is table, json or xlsx")
    try:
        first, last = check_day(dt.date.fromisoformat(start)), check_day(dt.date.fromisoformat(end))
    except ValueError as exc:
        raise _fail(f"dates look like 2026-11-01: {exc}") from None
    if last <= first:
        raise _fail("--to must be after --from")
    factory = make_sessionmaker(make_engine())
    with factory() as db:
        read_only(db)
        result = report.build(db, start=first, end=last, by=by, tz=get_settings().shop_timezone)
    if output == "json":
        print(orjson.dumps(result).decode())
    elif output == "xlsx":
        if out is None:
            raise _fail("--format xlsx needs --out FILE")
        write_workbook(out, report.tables(result))
        err.print(f"written to {out}")
    else:
        for title, rows in report.tables(result).items():
            print(f"== {title}")
            for row in rows:
                print("\t".join("—" if value is None else str(value) for value in row))


@app.command("worker")
def worker(
    ticks: Annotated[
        int, typer.Option(help="stop after this many ticks (0: run until stopped)")
    ] = 0,
    every: Annotated[float, typer.Option(help="seconds between ticks")] = 60.0,
) -> None:
    """Run the scheduler (proactive tasks) in its own process; prints one line a tick.

    Set KEFU_SCHEDULER=false for `kefu serve` where a worker runs it instead.
    """
    import time

    from kefu import scheduler

    migrate.upgrade()
    factory = make_sessionmaker(make_engine())
    done = 0
    while ticks == 0 or done < ticks:
        try:
            result = scheduler.tick(factory)
            line = {"tick": done + 1, "ran": result is not None, "counts": result or {}}
        except Exception as exc:  # reported, and the next tick tries again
            line = {"tick": done + 1, "ran": False, "error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(orjson.dumps(line).decode() + "\n")
        sys.stdout.flush()
        done += 1
        if ticks == 0 or done < ticks:
            time.sleep(every)


# How uvicorn serves Kefu's WebSockets (bench/chat_bench.py runs its baselines the
# same way). Chat frames are short: per-message deflate would keep ~40 KiB of zlib
# state per idle buyer for nothing (docs/benchmarks.md).
WEBSOCKET_SERVER: dict[str, Any] = {"ws": "websockets-sansio", "ws_per_message_deflate": False}
WORKER_HEALTHCHECK_S = 60


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="default KEFU_HOST (127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="default KEFU_PORT (8000)")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "info",
    workers: Annotated[
        int,
        typer.Option(min=1, help="server processes; more than one needs PostgreSQL and Redis"),
    ] = 1,
) -> None:
    """Run the web app (migrates the database first)."""
    import uvicorn

    settings = get_settings()
    if workers > 1:
        _check_scale_out(settings.database_url, settings.redis_url)
    if not (settings.secret_key and settings.shop_secret):
        stored_secrets(settings.data_dir)  # generated on the first start, kept for the next
    migrate.upgrade()  # once, before any worker starts
    options: dict[str, Any] = {
        "host": host or settings.host,
        "port": port or settings.port,
        "log_level": log_level,
        **WEBSOCKET_SERVER,
    }
    if workers == 1:
        uvicorn.run(served_app(), **options)
    else:  # each worker is a fresh interpreter that builds its own app; one that dies
        # is started again. A worker booting on a busy machine answers the supervisor's
        # health check late: 5 s (uvicorn's default) killed healthy ones on 2 cores.
        uvicorn.run(
            "kefu.cli:served_app",
            factory=True,
            workers=workers,
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
            **options,
        )


def served_app() -> FastAPI:
    """The app one `kefu serve` process serves, under the configured clock; uvicorn's
    workers start from this (``kefu.cli:served_app``) once the parent has migrated."""
    from kefu.app import create_app

    settings = get_settings()
    if settings.clock_start is not None:
        clock.use_clock(clock.ShiftedClock(settings.clock_start))
    return create_app()


def _check_scale_out(database_url: str, redis_url: str | None) -> None:
    """Several processes share one database and hear each other's events through
    Redis: SQLite has one writer at a time, and without Redis a buyer on one process
    would never reach an agent on another."""
    if not database_url.startswith("postgresql"):
        raise _fail("--workers above 1 needs PostgreSQL (KEFU_DATABASE_URL=postgresql://…)")
    if not redis_url:
        raise _fail("--workers above 1 needs Redis for the processes' events (KEFU_REDIS_URL)")


def _ensure_bot(corpus: Path) -> bool:
    """Train the bot once for the demo (under a minute and a half); without the corpora the
    shop runs without a bot and buyers go straight to people. True when it has one."""
    from kefu.bot import runtime, training

    if runtime.available():
        return True
    err.print("training the shop assistant bot (kefu bot train), once …")
    try:
        training.train_all(
            runtime.model_dir(),
            corpus=corpus,
            progress=lambda step, done, total: err.print(f"  {step} ({done}/{total}) …"),
        )
    except KefuError as exc:
        err.print(f"[yellow]bot not trained:[/yellow] {exc.reason}; buyers go straight to agents")
        return False
    return True


@app.command("demo")
def demo(
    seed: Annotated[
        int, typer.Option(help="random seed: the same seed gives the same shop")
    ] = 2026,
    serve_app: Annotated[
        bool, typer.Option("--serve/--no-serve", help="start the server afterwards")
    ] = True,
    port: Annotated[int, typer.Option(help="port on 127.0.0.1")] = 8000,
    bot: Annotated[
        bool, typer.Option("--bot/--no-bot", help="train the bot first if it isn't (a minute)")
    ] = True,
) -> None:
    """Create (or reuse) a seeded demo shop on SQLite and serve it on 127.0.0.1."""
    from kefu.demo import seed as demo_seed

    settings = get_settings()
    migrate.upgrade()
    factory = make_sessionmaker(make_engine())
    with unit_of_work(factory) as db:
        accounts = demo_seed.ensure_demo_shop(db, seed=seed, tz=settings.shop_timezone)
    if bot and _ensure_bot(settings.corpus_dir):
        from kefu.bot import proposals

        with unit_of_work(factory) as db:
            mined = proposals.do_mine_first_time(db)
        if mined is not None:
            err.print(f"推荐问答: {mined.proposed} FAQ proposals from the demo's chats")
    err.print(f"demo shop ready in {settings.database_url}")
    err.print("demo accounts (password for all: [bold]" + demo_seed.DEMO_PASSWORD + "[/bold])")
    for login, role_label in accounts:
        err.print(f"  {login:<12} {role_label}")
    if serve_app:
        serve(host="127.0.0.1", port=port, log_level="info")


if __name__ == "__main__":
    app()

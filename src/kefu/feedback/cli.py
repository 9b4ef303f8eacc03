"""``kefu feedback report``: the weekly feedback report as text, an .xlsx file or mail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kefu.config import get_settings
from kefu.db import make_engine, make_sessionmaker, read_only, unit_of_work
from kefu.kit import clock
from kefu.mailing.jobs import deliver_due

feedback_app = typer.Typer(help="Feedback to the company (意见反馈).", no_args_is_help=True)
err = Console(stderr=True)


@feedback_app.command("report")
def report(
    week: Annotated[str, typer.Option(help="any day of the week, e.g. 2026-11-16")],
    xlsx: Annotated[Path | None, typer.Option(help="write the report to this .xlsx file")] = None,
    email: Annotated[
        bool, typer.Option("--email", help="mail it per category (KEFU_SMTP_RELAY)")
    ] = False,
) -> None:
    """Counts, change from the week before, groups and quotes per category."""
    from kefu.feedback import service
    from kefu.kit.dates import check_day

    try:
        day = check_day(dt.date.fromisoformat(week))
    except ValueError as exc:
        err.print(f"[red]error:[/red] --week {week!r}: {exc}")
        raise typer.Exit(code=1) from None
    monday = day - dt.timedelta(days=day.weekday())
    settings = get_settings()
    factory = make_sessionmaker(make_engine())
    with factory() as db:
        read_only(db)
        data = service.weekly_report(db, week_start=monday)
    if email:
        if not settings.smtp_relay:
            err.print("[red]error:[/red] --email needs KEFU_SMTP_RELAY")
            raise typer.Exit(code=1)
        with unit_of_work(factory) as db:
            service.do_mail_report(
                db,
                week_start=monday,
                from_address=settings.service_address,
                batch=f"cli-{clock.now():%Y%m%dT%H%M%S.%f}",
            )
        outcomes = deliver_due(factory, relay=settings.smtp_relay)
        err.print(f"mailed {outcomes['sent']}, refused {outcomes['parked']}")
    print(f"意见反馈 {data['week']['from']} 至 {data['week']['to']}：共 {data['total']} 条")
    for section in data["categories"]:
        print(f"{section['label']}\t{section['count']}\t(上周 {section['previous']})")
        for quote in section["quotes"]:
            print(f"\t“{quote}”")
    if xlsx is not None:
        xlsx.write_bytes(service.report_xlsx(data))
        err.print(f"wrote {xlsx}")

"""``kefu report appraisal``: the monthly appraisal of every agent (kpis.md, appraisal_score)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console

from kefu.appraisal import report, service
from kefu.config import get_settings
from kefu.db import make_engine, make_sessionmaker, read_only
from kefu.kit.errors import KefuError
from kefu.kit.xlsx import write_workbook

err = Console(stderr=True)


def report_appraisal(
    month: Annotated[str, typer.Option(help="the month, e.g. 2026-11 (shop's time zone)")],
    output: Annotated[str, typer.Option("--format", help="table, json or xlsx")] = "table",
    out: Annotated[Path | None, typer.Option(help="file for --format xlsx")] = None,
) -> None:
    """Each agent's month: quantified 50 %, work quality 30 %, skills 20 %, and the KPIs."""
    if output not in ("table", "json", "xlsx"):
        raise _fail("--format is table, json or xlsx")
    if output == "xlsx" and out is None:
        raise _fail("--format xlsx needs --out FILE")
    factory = make_sessionmaker(make_engine())
    with factory() as db:
        read_only(db)
        try:
            result = service.build(db, month=month, tz=get_settings().shop_timezone, store=False)
        except KefuError as exc:
            raise _fail(exc.reason) from None
        names = service.names(db)
    if output == "json":
        print(orjson.dumps(result).decode())
    elif output == "xlsx":
        assert out is not None
        write_workbook(out, report.sheets(result, names))
        err.print(f"written to {out}")
    else:
        for row in report.table(result, names):
            print("\t".join("—" if value is None else str(value) for value in row))


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code=1)

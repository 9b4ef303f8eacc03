"""KPIs over HTTP for supervisors and quality inspectors: the same numbers as
``kefu report kpis``, as JSON or as an Excel file."""

from __future__ import annotations

import datetime as dt
import io
from typing import Annotated, Any

from fastapi import Depends, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.config import get_settings
from kefu.kit.errors import BadInput
from kefu.kit.xlsx import write_workbook
from kefu.kpi import dashboard, report
from kefu.kpi import team_report as team_report_service
from kefu.models import Agent
from kefu.models.team import Role

api = make_router(prefix="/api/v1/kpi", tags=["kpi"])
Db = Annotated[Session, Depends(get_db)]
Viewer = Annotated[Agent, Depends(Allow(Role.supervisor, Role.qc))]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _dates(start: str, end: str) -> tuple[dt.date, dt.date]:
    try:
        first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError as exc:
        raise BadInput(f"日期格式应为 2026-11-01：{exc}", code="bad_period") from None
    if last <= first or (last - first).days > 366:
        raise BadInput("期间须在 1 天到 366 天之间", code="bad_period")
    return first, last


def _report(db: Session, start: str, end: str, by: str) -> dict[str, Any]:
    if by not in ("agent", "day", "month"):
        raise BadInput("by 只能是 agent、day 或 month", code="bad_grouping")
    first, last = _dates(start, end)
    return report.build(db, start=first, end=last, by=by, tz=get_settings().shop_timezone)


@api.get("")
def kpis(
    db: Db,
    _agent: Viewer,
    start: Annotated[str, Query(alias="from")],
    end: Annotated[str, Query(alias="to")],
    by: str = "agent",
) -> dict[str, Any]:
    """KPIs of shared/spec/kpis.md; ``from`` inclusive, ``to`` exclusive, shop time zone."""
    return _report(db, start, end, by)


@api.get("/dashboard")
def dashboard_data(
    db: Db,
    _agent: Viewer,
    start: Annotated[str, Query(alias="from")],
    end: Annotated[str, Query(alias="to")],
) -> dict[str, Any]:
    """Today's live numbers, a 14-day trend and the period's KPIs by agent."""
    first, last = _dates(start, end)
    return dashboard.overview(db, start=first, end=last, tz=get_settings().shop_timezone)


@api.get("/sessions")
def sessions(
    db: Db,
    _agent: Viewer,
    start: Annotated[str, Query(alias="from")],
    end: Annotated[str, Query(alias="to")],
    agent: str | None = None,
) -> list[dict[str, Any]]:
    """The sessions behind a number: opened in the period (and where ``agent`` spoke)."""
    first, last = _dates(start, end)
    return dashboard.sessions(
        db, start=first, end=last, tz=get_settings().shop_timezone, agent_id=agent
    )


@api.get("/sessions/{session_id}")
def transcript(session_id: str, db: Db, _agent: Viewer) -> dict[str, Any]:
    return dashboard.transcript(db, session_id=session_id)


@api.get("/team-report")
def team_report(
    db: Db,
    _agent: Viewer,
    start: Annotated[str, Query(alias="from")],
    end: Annotated[str, Query(alias="to")],
    by: str = "day",
) -> dict[str, Any]:
    """Daily or monthly team report: sales, refunds and returns, complaints, reviews, QC."""
    first, last = _dates(start, end)
    if by not in ("day", "month"):
        raise BadInput("by 只能是 day 或 month", code="bad_grouping")
    rows = team_report_service.build(
        db, start=first, end=last, by=by, tz=get_settings().shop_timezone
    )
    return {"columns": team_report_service.COLUMNS, "rows": rows}


@api.get("/team-report/xlsx", response_class=Response)
def team_report_xlsx(
    db: Db,
    _agent: Viewer,
    start: Annotated[str, Query(alias="from")],
    end: Annotated[str, Query(alias="to")],
    by: str = "day",
) -> Response:
    data = team_report(db, _agent, start, end, by)
    return _xlsx(
        {"团队报表": team_report_service.table(data["rows"])}, f"kefu-team-{by}-{start}-{end}.xlsx"
    )


@api.get("/xlsx", response_class=Response)
def kpis_xlsx(
    db: Db,
    _agent: Viewer,
    start: Annotated[str, Query(alias="from")],
    end: Annotated[str, Query(alias="to")],
    by: str = "agent",
) -> Response:
    return _xlsx(report.tables(_report(db, start, end, by)), f"kefu-kpis-{start}-{end}.xlsx")


def _xlsx(sheets: dict[str, list[list[Any]]], filename: str) -> Response:
    buffer = io.BytesIO()
    write_workbook(buffer, sheets)
    return Response(
        buffer.getvalue(),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

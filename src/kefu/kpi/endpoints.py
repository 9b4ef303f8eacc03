"""KPIs over HTTP for supervisors and quality inspectors: the same numbers as
``kefu report kpis``, as JSON or as an Excel file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from fastapi.responses import Response
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.downloads import xlsx_file
from kefu.api.period import InPeriod, Period
from kefu.api.routing import get_db, make_router
from kefu.audit import service as audit
from kefu.kit.errors import BadInput
from kefu.kit.paging import PageParams, page_params
from kefu.kpi import dashboard, report
from kefu.kpi import sessions as session_list
from kefu.kpi import team_report as team_report_service
from kefu.models import Agent
from kefu.models.team import QC_DESK, Role

api = make_router(prefix="/api/v1/kpi", tags=["kpi"])
Db = Annotated[Session, Depends(get_db)]
Viewer = Annotated[Agent, Depends(Allow(Role.supervisor, *QC_DESK))]
Paging = Annotated[PageParams, Depends(page_params)]


def _grouping(by: str, allowed: tuple[str, ...]) -> str:
    if by not in allowed:
        raise BadInput(f"by 只能是 {'、'.join(allowed)}", code="bad_grouping")
    return by


def _report(db: Session, period: Period, by: str) -> dict[str, Any]:
    by = _grouping(by, ("agent", "day", "month"))
    return report.build(db, start=period.first, end=period.last, by=by, tz=period.tz)


@api.get("")
def kpis(db: Db, _agent: Viewer, period: InPeriod, by: str = "agent") -> dict[str, Any]:
    """KPIs of shared/spec/kpis.md; ``from`` inclusive, ``to`` exclusive, shop time zone."""
    return _report(db, period, by)


@api.get("/xlsx", response_class=Response)
def kpis_xlsx(db: Db, agent: Viewer, period: InPeriod, by: str = "agent") -> Response:
    names = {row["id"]: row["name"] for row in session_list.agents(db)}
    filename = f"kefu-kpis-{period.name}.xlsx"
    audit.do_record_export(db, actor=agent, what=filename, by=by)
    return xlsx_file(report.tables(_report(db, period, by), names), filename=filename)


@api.get("/dashboard")
def dashboard_data(db: Db, _agent: Viewer, period: InPeriod) -> dict[str, Any]:
    """Today's live numbers, a 14-day trend and the period's KPIs by agent."""
    return dashboard.overview(db, start=period.first, end=period.last, tz=period.tz)


@api.get("/sessions")
def sessions(
    db: Db,
    _agent: Viewer,
    period: InPeriod,
    paging: Paging,
    agent: str | None = None,
    channel: str | None = None,
    flagged: bool | None = None,
    q: str | None = None,
) -> dict[str, Any]:
    """The sessions behind a number: opened in the period (and where ``agent`` spoke), of one
    ``channel``, below 80 in QC (``flagged``); ``q`` finds a buyer's nick, an id or words said.
    Sort by ``opened_at``, ``closed_at``, ``messages`` or ``qc_score``."""
    return session_list.page(
        db,
        start=period.first,
        end=period.last,
        tz=period.tz,
        agent_id=agent,
        channel=channel,
        flagged=flagged,
        q=q,
        params=paging,
    )


@api.get("/sessions/{session_id}")
def transcript(session_id: str, db: Db, _agent: Viewer) -> dict[str, Any]:
    """One session: its header, messages with authors' names, QC findings, review if queued."""
    return session_list.transcript(db, session_id=session_id)


@api.get("/agents")
def agents(db: Db, _agent: Viewer) -> list[dict[str, str]]:
    """The agents the numbers are about, by name (choices for the lists' agent filter)."""
    return session_list.agents(db)


@api.get("/team-report")
def team_report(db: Db, _agent: Viewer, period: InPeriod, by: str = "day") -> dict[str, Any]:
    """Daily or monthly team report: sales, refunds and returns, complaints, reviews, QC."""
    by = _grouping(by, ("day", "month"))
    rows = team_report_service.build(db, start=period.first, end=period.last, by=by, tz=period.tz)
    return {"columns": team_report_service.COLUMNS, "rows": rows}


@api.get("/team-report/xlsx", response_class=Response)
def team_report_xlsx(db: Db, agent: Viewer, period: InPeriod, by: str = "day") -> Response:
    rows = team_report(db, agent, period, by)["rows"]
    filename = f"kefu-team-{by}-{period.name}.xlsx"
    audit.do_record_export(db, actor=agent, what=filename, rows=len(rows))
    return xlsx_file({"团队报表": team_report_service.table(rows)}, filename=filename)

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
from kefu.kpi import report
from kefu.models import Agent
from kefu.models.team import Role

api = make_router(prefix="/api/v1/kpi", tags=["kpi"])
Db = Annotated[Session, Depends(get_db)]
Viewer = Annotated[Agent, Depends(Allow(Role.supervisor, Role.qc))]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(db: Session, start: str, end: str, by: str) -> dict[str, Any]:
    if by not in ("agent", "day", "month"):
        raise BadInput("by 只能是 agent、day 或 month", code="bad_grouping")
    try:
        first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError as exc:
        raise BadInput(f"日期格式应为 2026-11-01：{exc}", code="bad_period") from None
    if last <= first or (last - first).days > 366:
        raise BadInput("期间须在 1 天到 366 天之间", code="bad_period")
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


@api.get("/xlsx", response_class=Response)
def kpis_xlsx(
    db: Db,
    _agent: Viewer,
    start: Annotated[str, Query(alias="from")],
    end: Annotated[str, Query(alias="to")],
    by: str = "agent",
) -> Response:
    buffer = io.BytesIO()
    write_workbook(buffer, report.tables(_report(db, start, end, by)))
    filename = f"kefu-kpis-{start}-{end}.xlsx"
    return Response(
        buffer.getvalue(),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

"""The audit log for supervisors: the 操作日志 page's list and its export."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Depends, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.downloads import csv_file, xlsx_file
from kefu.api.routing import get_db, make_router
from kefu.audit import service
from kefu.audit.schemas import AuditRow
from kefu.config import get_settings
from kefu.kit import clock
from kefu.kit.cells import csv_text
from kefu.kit.dates import Day
from kefu.kit.errors import BadInput
from kefu.kit.filters import Many
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.team import Role

api = make_router(prefix="/api/v1/audit", tags=["audit"])
Db = Annotated[Session, Depends(get_db)]
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]


def audit_filters(
    action: Annotated[Many[str] | None, Query(description="one or more actions")] = None,
    agent: Annotated[str | None, Query(description="who acted (agent id)")] = None,
    start: Annotated[Day | None, Query(alias="from", description="first day")] = None,
    end: Annotated[Day | None, Query(alias="to", description="last day, inclusive")] = None,
    q: Annotated[str | None, Query(description="agent id or name, address, object")] = None,
) -> dict[str, Any]:
    """The page's filters; days are the shop's calendar days."""
    unknown = sorted(set(action or ()) - set(service.ACTIONS))
    if unknown:
        raise BadInput(f"未知的操作类型：{'、'.join(unknown)}", code="bad_action")
    tz = get_settings().shop_timezone
    return {
        "actions": action or [],
        "actor_id": agent,
        "start": clock.local_midnight(start, tz) if start else None,
        "end": clock.local_midnight(end + dt.timedelta(days=1), tz) if end else None,
        "q": q,
    }


Filters = Annotated[dict[str, Any], Depends(audit_filters)]


@api.get("", response_model=Paged[AuditRow])
def list_audit(
    db: Db,
    _agent: Supervisor,
    filters: Filters,
    paging: Annotated[PageParams, Depends(page_params)],
) -> dict[str, Any]:
    """Newest first; ``sort`` by at, action or actor."""
    return service.audit_page(db, params=paging, **filters)


@api.get("/export.csv")
def export_csv(db: Db, agent: Supervisor, filters: Filters) -> Response:
    rows = _export(db, agent, filters, "csv")
    return csv_file(csv_text(rows[0], rows[1:]), filename="audit-log.csv")


@api.get("/export.xlsx")
def export_xlsx(db: Db, agent: Supervisor, filters: Filters) -> Response:
    return xlsx_file({"操作日志": _export(db, agent, filters, "xlsx")}, filename="audit-log.xlsx")


def _export(db: Db, agent: Agent, filters: dict[str, Any], kind: str) -> list[list[Any]]:
    rows = service.export_rows(db, tz=get_settings().shop_timezone, **filters)
    service.do_record_export(db, actor=agent, what=f"audit-log.{kind}", rows=len(rows) - 1)
    return rows

"""Shifts and duties over HTTP: the rota calendar (排班) for the supervisor and leads (a lead
only for her own groups' people, 403 ``outside_team`` otherwise), and the handover (交接班)
for every service role."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query, Response, UploadFile
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.downloads import xlsx_file
from kefu.api.routing import get_db, make_router
from kefu.kit.dates import Day
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.shift import DutyKind
from kefu.models.team import MANAGER_ROLES, SERVICE_ROLES, Role
from kefu.shift import autoreply, duty_sheets, handover, lists, service, sheets
from kefu.shift.schemas import (
    AutoReplyIn,
    AutoReplyOut,
    CellIn,
    CopyIn,
    DutyIn,
    DutyRow,
    EntryRow,
    HandoverDraft,
    HandoverIn,
    HandoverOut,
    ListQuery,
    RotationIn,
    RotationOut,
    TemplateIn,
    TemplateOut,
    WeekOut,
)

api = make_router(prefix="/api/v1/shifts", tags=["shifts"])
Db = Annotated[Session, Depends(get_db)]
Manager = Annotated[Agent, Depends(Allow(*MANAGER_ROLES))]
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Params = Annotated[PageParams, Depends(page_params)]
Filters = Annotated[ListQuery, Query()]


@api.get("/templates", response_model=list[TemplateOut])
def list_templates(db: Db, _agent: Manager) -> list[dict[str, Any]]:
    return [service.template_out(row) for row in service.templates(db)]


@api.post("/templates", response_model=TemplateOut, status_code=201)
def add_template(body: TemplateIn, db: Db, _agent: Supervisor) -> dict[str, Any]:
    return service.template_out(service.do_add_template(db, **body.model_dump()))


@api.delete("/templates/{template_id}", status_code=204)
def remove_template(template_id: str, db: Db, _agent: Supervisor) -> None:
    service.do_remove_template(db, template_id=template_id)


@api.get("/rota", response_model=WeekOut)
def rota_week(db: Db, agent: Manager, week: Day, group_id: str | None = None) -> dict[str, Any]:
    """The week of ``week`` (any day of it): the actor's people × seven days, and the duties."""
    return service.week(db, actor=agent, start=week, group_id=group_id)


@api.get("/rota/entries", response_model=Paged[EntryRow])
def list_entries(db: Db, agent: Manager, params: Params, filters: Filters) -> dict[str, Any]:
    """排班明细: one row per agent and day on a shift; sort by day, agent_name or shift;
    ``q`` searches the agent's name (or login)."""
    return lists.entries(db, actor=agent, params=params, **filters.model_dump())


@api.put("/rota/{agent_id}/{day}")
def set_shift(agent_id: str, day: Day, body: CellIn, db: Db, agent: Manager) -> dict:
    service.do_set_shift(db, actor=agent, agent_id=agent_id, day=day, template_id=body.template_id)
    return {"agent_id": agent_id, "day": day, "template_id": body.template_id}


@api.post("/rota/copy-last-week")
def copy_last_week(body: CopyIn, db: Db, agent: Manager) -> dict[str, int]:
    copied = service.do_copy_last_week(db, actor=agent, start=body.week, agent_ids=body.agent_ids)
    return {"copied": copied}


@api.get("/rota.xlsx")
def export_rota(db: Db, agent: Manager, week: Day, group_id: str | None = None) -> Response:
    start = service.week_start(week)
    rows = sheets.export_rows(db, actor=agent, start=start, group_id=group_id)
    return xlsx_file({"排班表": rows}, filename=f"rota-{start}.xlsx")


@api.post("/rota.xlsx")
def import_rota(week: Day, file: UploadFile, db: Db, agent: Manager) -> dict[str, int]:
    """All or nothing: a bad line is refused by its number (第 N 行)."""
    data = file.file.read(sheets.MAX_BYTES + 1)
    return {"shifts": sheets.do_import(db, actor=agent, start=week, file=data)}


@api.get("/duties", response_model=Paged[DutyRow])
def list_duties(
    db: Db, agent: Manager, params: Params, filters: Filters, kind: DutyKind | None = None
) -> dict[str, Any]:
    """值班明细: the named holders of each day's duties; sort by day, kind or agent_name."""
    return lists.duties(db, actor=agent, params=params, kind=kind, **filters.model_dump())


@api.put("/duties/{day}/{kind}")
def set_duty(day: Day, kind: DutyKind, body: DutyIn, db: Db, agent: Manager) -> dict:
    service.do_set_duty(db, actor=agent, day=day, kind=kind, agent_id=body.agent_id)
    return {"day": day, "kind": kind, "agent_id": body.agent_id}


@api.get("/duties.xlsx")
def export_duties(db: Db, agent: Manager, week: Day) -> Response:
    start = service.week_start(week)
    rows = duty_sheets.export_rows(db, actor=agent, start=start)
    return xlsx_file({"值班表": rows}, filename=f"duties-{start}.xlsx")


@api.post("/duties.xlsx")
def import_duties(file: UploadFile, db: Db, agent: Manager) -> dict[str, int]:
    """All or nothing: a bad line is refused by its number (第 N 行)."""
    data = file.file.read(sheets.MAX_BYTES + 1)
    return {"duties": duty_sheets.do_import(db, actor=agent, file=data)}


@api.get("/rotations", response_model=list[RotationOut])
def list_rotations(db: Db, _agent: Manager) -> list[dict[str, Any]]:
    return service.rotations(db)


@api.put("/rotations/{kind}")
def set_rotation(kind: DutyKind, body: RotationIn, db: Db, agent: Manager) -> dict[str, Any]:
    row = service.do_set_rotation(
        db, actor=agent, kind=kind, agent_ids=body.agent_ids, starts_on=body.starts_on
    )
    return {"kind": row.kind, "agent_ids": row.agent_ids, "starts_on": row.starts_on}


@api.get("/handovers", response_model=Paged[HandoverOut])
def list_handovers(
    db: Db, agent: Staff, params: Params, pending: bool = False, q: str | None = None
) -> dict[str, Any]:
    """The last week's handovers she wrote or was addressed (leads: their groups');
    ``pending``: the ones waiting for her acknowledgement (the badge). ``q`` searches the
    notes; sort by written_at or acknowledged_at."""
    return handover.handovers(db, actor=agent, params=params, pending_only=pending, q=q)


@api.get("/handovers/draft", response_model=HandoverDraft)
def handover_draft(db: Db, agent: Staff) -> dict[str, Any]:
    return handover.draft(db, agent=agent)


@api.post("/handovers", response_model=HandoverOut, status_code=201)
def write_handover(body: HandoverIn, db: Db, agent: Staff) -> dict[str, Any]:
    items = [item.model_dump() for item in body.items]
    row = handover.do_write(db, agent=agent, notes=body.notes, items=items)
    return handover.shown(db, row=row, actor=agent)


@api.post("/handovers/{handover_id}/acknowledge", response_model=HandoverOut)
def acknowledge(handover_id: str, db: Db, agent: Staff) -> dict[str, Any]:
    row = handover.do_acknowledge(db, actor=agent, handover_id=handover_id)
    return handover.shown(db, row=row, actor=agent)


@api.get("/auto-reply", response_model=AutoReplyOut)
def my_auto_reply(db: Db, agent: Staff) -> dict[str, str]:
    """Her own auto-reply for 忙碌/离开 (empty: none)."""
    return {"text": autoreply.text_of(db, agent_id=agent.id)}


@api.put("/auto-reply", response_model=AutoReplyOut)
def set_auto_reply(body: AutoReplyIn, db: Db, agent: Staff) -> dict[str, str]:
    return {"text": autoreply.do_set(db, agent=agent, text=body.text)}

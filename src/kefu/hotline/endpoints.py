"""The hotline desk over HTTP: the PBX's events (its own token), and the staff app's
incoming-call screen, call form, lists, recordings, QC scores and 通时通次."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session

from kefu.api.auth import Allow, Public
from kefu.api.routing import get_db, make_router
from kefu.config import get_settings
from kefu.crm import service as crm_service
from kefu.hotline import lists, pbx, recordings, service
from kefu.hotline.schemas import (
    CallerOut,
    CallFilters,
    CallFormIn,
    CallTaskIn,
    PbxEventIn,
    PbxEventOut,
)
from kefu.kit import clock
from kefu.kit.dates import Day
from kefu.kit.errors import NotAuthenticated, NotFound
from kefu.kit.paging import PageParams, page_params
from kefu.kit.text import same_secret
from kefu.models import Agent
from kefu.models.team import QC_DESK, Role
from kefu.qc.qc_review import REVIEWERS, ReviewIn

api = make_router(prefix="/api/v1/hotline", tags=["hotline"])
Db = Annotated[Session, Depends(get_db)]
Desk = Annotated[Agent, Depends(Allow(*service.DESK_ROLES))]
Viewer = Annotated[Agent, Depends(Allow(*service.DESK_ROLES, *QC_DESK))]
Reviewer = Annotated[Agent, Depends(Allow(*REVIEWERS))]
Planner = Annotated[Agent, Depends(Allow(Role.hotline_lead, Role.supervisor))]
Paging = Annotated[PageParams, Depends(page_params)]
AudioFile = Annotated[UploadFile, File(description="MP3, WAV, OGG or M4A")]


def check_pbx_token(request: Request) -> None:
    """The PBX is nobody logged in: it proves itself with the shop's PBX token
    (``Authorization: Bearer …`` or ``X-PBX-Token``)."""
    header = request.headers.get("authorization", "")
    token = header.removeprefix("Bearer ").strip() or request.headers.get("x-pbx-token", "")
    if not token or not same_secret(token, get_settings().pbx_key):
        raise NotAuthenticated("PBX 令牌无效", code="bad_pbx_token")


PBX = [Depends(Public()), Depends(check_pbx_token)]


@api.post("/pbx/events", response_model=PbxEventOut, dependencies=PBX)
def pbx_event(body: PbxEventIn, db: Db) -> PbxEventOut:
    """A call event from the PBX (docs/pbx.md); a repeated (call_id, event) is answered
    ``duplicate: true`` and changes nothing."""
    return pbx.do_apply(db, event=body)


@api.post("/pbx/recording", response_model=PbxEventOut, dependencies=PBX)
def pbx_recording(
    call_id: Annotated[str, Form(max_length=128)], file: AudioFile, db: Db
) -> PbxEventOut:
    """The recording of a call as a file (checked by its bytes), once per call id."""
    stored = recordings.save_upload(file.file)
    return pbx.do_apply_recording_file(db, call_id=call_id, stored=stored)


@api.get("/caller", response_model=CallerOut)
def caller(phone: Annotated[str, Query(max_length=40)], db: Db, _agent: Desk) -> CallerOut:
    """Who is calling from this number (+86, spaces and dashes are ignored)."""
    return service.caller(db, number=phone)


@api.get("/incoming/{hotline_call_id}")
def incoming(hotline_call_id: str, db: Db, _agent: Desk) -> dict[str, Any]:
    """The call the PBX announced, for the incoming-call screen."""
    call = service.get_hotline_call(db, hotline_call_id)
    return {
        "id": call.id,
        "state": call.state,
        "direction": call.direction,
        "phone": call.phone,
        "rang_at": call.rang_at,
        "phone_call_id": call.phone_call_id,
        "caller": service.caller(db, number=call.phone),
    }


@api.post("/calls", status_code=201)
def save_call(body: CallFormIn, db: Db, agent: Desk) -> dict[str, Any]:
    """The call form: what the call was about, its result and the follow-up."""
    record = service.do_save_form(db, agent=agent, form=body)
    return {"id": record.id, "customer_id": record.customer_id, "task_id": record.task_id}


@api.get("/calls")
def calls(
    db: Db, agent: Viewer, paging: Paging, filters: Annotated[CallFilters, Query()]
) -> dict[str, Any]:
    """Handled calls (sort: at, duration_s, agent); a lead sees her groups' agents' only."""
    scope = service.visible_agents(db, agent=agent)
    return lists.call_list(db, filters=filters, agent_ids=scope, params=paging)


@api.get("/calls/{phone_call_id}/recording")
def recording(phone_call_id: str, db: Db, agent: Viewer) -> FileResponse:
    record = service.visible_call(db, agent=agent, phone_call_id=phone_call_id)
    path, content_type = recordings.recording_file(record)
    if not Path(path).exists():
        raise NotFound("录音文件不存在", code="recording_missing")
    return FileResponse(
        path, media_type=content_type, headers={"X-Content-Type-Options": "nosniff"}
    )


@api.post("/recordings", status_code=201)
def upload_recording(
    phone_call_id: Annotated[str, Form(max_length=64)], file: AudioFile, db: Db, agent: Desk
) -> dict[str, Any]:
    """An agent attaches a recording file to a call (checked by its bytes)."""
    stored = recordings.save_upload(file.file)
    record = recordings.do_attach_to(
        db, record=service.visible_call(db, agent=agent, phone_call_id=phone_call_id), stored=stored
    )
    return {"id": record.id, "recording_src": lists.recording_src(record)}


@api.post("/calls/{phone_call_id}/review")
def review(phone_call_id: str, body: ReviewIn, db: Db, agent: Reviewer) -> dict[str, Any]:
    """QC scores the call on the chat sheet (量化 50 %, 质量 30 %, 技能 20 %)."""
    record = crm_service.get_call(db, phone_call_id)
    row = recordings.do_review(db, reviewer=agent, record=record, sheet=body)
    return {"phone_call_id": record.id, "total": row.total, "reviewed_at": row.reviewed_at}


@api.get("/calls/{phone_call_id}/review")
def review_of(phone_call_id: str, db: Db, agent: Viewer) -> dict[str, Any] | None:
    """QC's score of the call, null before anyone scored it."""
    record = service.visible_call(db, agent=agent, phone_call_id=phone_call_id)
    return recordings.review_of(db, record=record)


@api.get("/missed")
def missed(db: Db, agent: Desk, paging: Paging, open_only: bool = True) -> dict[str, Any]:
    """Missed calls and their call-back tasks (due the same day), the most urgent first."""
    scope = service.visible_agents(db, agent=agent)
    return lists.missed_list(db, open_only=open_only, agent_ids=scope, params=paging)


@api.get("/tasks")
def call_tasks(db: Db, agent: Desk, paging: Paging, open_only: bool = True) -> dict[str, Any]:
    """Outbound calls to make (外呼, 货到付款确认) with their scripts."""
    scope = service.visible_agents(db, agent=agent)
    return lists.task_list(db, open_only=open_only, agent_ids=scope, params=paging)


@api.get("/tasks/{task_id}")
def call_task(task_id: str, db: Db, _agent: Desk) -> dict[str, Any]:
    """A call task with its script (the call form shows it beside the form)."""
    return service.call_task(db, task_id=task_id)


@api.post("/tasks", status_code=201)
def add_call_task(body: CallTaskIn, db: Db, _agent: Planner) -> dict[str, Any]:
    task = service.do_add_call_task(
        db,
        customer_id=body.customer_id,
        reason=body.reason,
        script=body.script,
        due_at=body.due_at,
        order_id=body.order_id,
    )
    return {"id": task.id, "due_at": task.due_at, "script": (task.payload or {}).get("script")}


@api.get("/stats")
def stats(
    db: Db,
    agent: Desk,
    start: Day | None = None,
    end: Day | None = None,
    agent_id: str | None = None,
) -> dict[str, Any]:
    """通时通次 per agent and day (shop's zone), ``start``..``end`` inclusive (default today)."""
    scope = service.stats_scope(db, agent=agent, agent_id=agent_id)
    today = clock.in_zone(clock.now(), get_settings().shop_timezone).date()
    first, last = start or today, end or start or today
    rows = lists.day_stats(db, start=first, end=last, agent_ids=scope)
    return {"start": first, "end": last, "items": rows, "total": len(rows)}

"""Incident notices (the staff app's /incidents): list, create, preview, send."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.incident import lists, service
from kefu.incident.schemas import NoticeIn, NoticeItem, PlanOut
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.team import AFTERSALE_DESK, Role

api = make_router(prefix="/api/v1/incidents", tags=["incidents"])
Db = Annotated[Session, Depends(get_db)]
Sender = Annotated[Agent, Depends(Allow(*AFTERSALE_DESK, Role.supervisor))]
Page = Annotated[PageParams, Depends(page_params)]


@api.get("", response_model=Paged[NoticeItem])
def list_notices(
    db: Db, _agent: Sender, page: Page, q: Annotated[str | None, Query(max_length=100)] = None
) -> dict[str, Any]:
    """Notices, newest first (sort ``created_at`` or ``sent_at``), with their counts."""
    return lists.notice_page(db, q=q, params=page)


@api.post("", response_model=NoticeItem, status_code=201)
def add_notice(body: NoticeIn, db: Db, agent: Sender) -> NoticeItem:
    data = service.NoticeIn(
        title=body.title,
        text=body.text,
        channel=body.channel,
        filters=body.filters.model_dump(by_alias=True),
    )
    notice = service.do_create(db, data=data, author=agent)
    return lists.notice_item(db, notice=notice)


@api.get("/{notice_id}", response_model=NoticeItem)
def get_notice(notice_id: str, db: Db, _agent: Sender) -> NoticeItem:
    return lists.notice_item(db, notice=service.get_notice(db, notice_id))


@api.get("/{notice_id}/preview", response_model=PlanOut)
def preview(notice_id: str, db: Db, _agent: Sender) -> PlanOut:
    """Who would get what now (and who not, and why); sends nothing."""
    notice = service.get_notice(db, notice_id)
    return lists.plan_out(db, plan=service.preview(db, notice=notice))


@api.post("/{notice_id}/send", response_model=PlanOut)
def send(notice_id: str, db: Db, agent: Sender) -> PlanOut:
    """Send what the preview shows; buyers reached before are left alone."""
    notice = service.get_notice(db, notice_id)
    return lists.plan_out(db, plan=service.do_send(db, notice=notice, author=agent))

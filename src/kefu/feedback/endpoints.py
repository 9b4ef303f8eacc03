"""Feedback over HTTP: tag a message or a review; the weekly report as JSON (the staff
app's 意见反馈 page) and as an .xlsx file."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Depends
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.downloads import XLSX, attachment
from kefu.api.routing import get_db, make_router
from kefu.audit import service as audit
from kefu.config import get_settings
from kefu.feedback import service
from kefu.kit import clock
from kefu.kit.dates import Day
from kefu.models import Agent
from kefu.models.team import QC_DESK, SERVICE_ROLES

api = make_router(prefix="/api/v1/feedback", tags=["feedback"])
Db = Annotated[Session, Depends(get_db)]
ServiceAgent = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Reader = Annotated[Agent, Depends(Allow(*SERVICE_ROLES, *QC_DESK))]


class FeedbackIn(BaseModel):
    source_kind: str  # message | review
    source_id: str
    session_id: str | None = None  # for a message: its chat session
    category: str
    product_id: str | None = None


def _monday(day: dt.date | None) -> dt.date:
    day = day or clock.in_zone(clock.now(), get_settings().shop_timezone).date()
    return day - dt.timedelta(days=day.weekday())


@api.post("", status_code=201)
def tag(body: FeedbackIn, db: Db, agent: ServiceAgent) -> dict[str, str]:
    if body.source_kind == "message":
        row = service.do_tag_message(
            db,
            session_id=body.session_id or "",
            message_id=body.source_id,
            category=body.category,
            product_id=body.product_id,
            author=agent,
        )
    else:
        row = service.do_tag_review(
            db,
            review_id=body.source_id,
            category=body.category,
            product_id=body.product_id,
            author=agent,
        )
    return {"id": row.id}


@api.get("/report")
def report(db: Db, _agent: Reader, week: Day | None = None) -> dict[str, Any]:
    """The weekly report of the week holding ``week`` (default this week)."""
    return service.weekly_report(db, week_start=_monday(week))


@api.get("/report.xlsx")
def report_xlsx(db: Db, agent: Reader, week: Day | None = None) -> Response:
    monday = _monday(week)
    audit.do_record_export(db, actor=agent, what=f"feedback-{monday}.xlsx")
    data = service.report_xlsx(service.weekly_report(db, week_start=monday))
    return attachment(data, filename=f"feedback-{monday}.xlsx", media_type=XLSX)

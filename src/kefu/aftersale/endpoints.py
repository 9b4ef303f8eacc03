"""After-sales over HTTP: refunds, returns and exchanges (audit trail, next steps,
the monthly returns report), complaints (promise, follow-ups, resolution) and
reviews (import, contact attempts, result)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.aftersale import (
    cases,
    complaint_owner,
    details,
    handler,
    product_review,
    refunds,
    stats,
    worklists,
)
from kefu.aftersale.schemas import (
    ComplaintFilters,
    ComplaintItem,
    RefundFilters,
    RefundItem,
    ReviewFilters,
    ReviewItem,
    StateCounts,
)
from kefu.api.auth import Allow
from kefu.api.downloads import xlsx_file
from kefu.api.period import InPeriod
from kefu.api.routing import get_db, make_router
from kefu.api.uploads import read_csv
from kefu.audit import service as audit
from kefu.kit.dates import AnyMoment
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.aftersale import RefundStatus
from kefu.models.team import AFTERSALE_DESK, SERVICE_ROLES, Role

api = make_router(prefix="/api/v1/refunds", tags=["after-sales"])
complaint_api = make_router(prefix="/api/v1/complaints", tags=["after-sales"])
review_api = make_router(prefix="/api/v1/reviews", tags=["after-sales"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Reader = Annotated[Agent, Depends(Allow(Role.supervisor, Role.refund_review, *AFTERSALE_DESK))]
AfterSales = Annotated[Agent, Depends(Allow(*cases.CASE_ROLES))]
Page = Annotated[PageParams, Depends(page_params)]


class TransitionIn(BaseModel):
    to: RefundStatus
    note: str | None = None
    tracking_no: str | None = None


@api.get("", response_model=Paged[RefundItem])
def list_refunds(
    db: Db, _agent: Reader, page: Page, filters: Annotated[RefundFilters, Query()]
) -> dict[str, Any]:
    """Refunds, returns and exchanges; by default the nearest deadline first."""
    return worklists.refund_list(db, filters=filters, params=page)


@api.get("/counts", response_model=StateCounts)
def count_refunds(
    db: Db, _agent: Reader, filters: Annotated[RefundFilters, Query()]
) -> StateCounts:
    """How many cases each state has under the other filters (the list's tabs)."""
    return worklists.refund_counts(db, filters=filters)


@api.get("/handlers")
def refund_handlers(db: Db, _agent: Reader) -> list[dict[str, str]]:
    """The cases' 处理人 by name: the choices of the list's handler filter."""
    return worklists.holders(db, of="refund")


@api.get("/assignable")
def assignable_handlers(db: Db, agent: Reader) -> list[dict[str, str]]:
    """Whom this agent may make a case's 处理人 (a lead: her people; the supervisor: all)."""
    return handler.assignable(db, actor=agent)


@api.get("/report")
def report(db: Db, _agent: Reader, period: InPeriod) -> dict[str, Any]:
    """Refunds, returns and exchanges requested in [from, to): by kind, state and reason."""
    return refunds.monthly_report(db, start=period.start, end=period.end)


@api.get("/report.xlsx")
def report_xlsx(db: Db, agent: Reader, period: InPeriod) -> Response:
    data = refunds.monthly_report(db, start=period.start, end=period.end)
    rows: list[list[Any]] = [["类型", "件数", "金额", "状态", "原因"]]
    for kind, item in data["kinds"].items():
        states = "、".join(f"{k} {v}" for k, v in item["by_status"].items())
        reasons = "、".join(f"{k} {v}" for k, v in item["by_reason"].items())
        rows.append([kind, item["count"], item["amount"], states, reasons])
    audit.do_record_export(db, actor=agent, what=f"returns-{period.name}.xlsx")
    return xlsx_file({"退换货": rows}, filename=f"returns-{period.name}.xlsx")


class HandlerIn(BaseModel):
    agent_id: str


@api.put("/{refund_id}/handler")
def assign_handler(refund_id: str, body: HandlerIn, db: Db, agent: Staff) -> dict[str, Any]:
    """处理人: a 售后 agent takes an unowned case (her own id); a lead assigns one of her
    people (403 ``outside_team`` for another group's), the supervisor anyone."""
    refund = refunds.get_refund(db, refund_id)
    handler.do_assign(db, refund=refund, actor=agent, agent_id=body.agent_id)
    return details.refund_detail(db, refund=refund, agent=agent)


@api.get("/{refund_id}")
def get_case(refund_id: str, db: Db, agent: Staff) -> dict[str, Any]:
    """The case, its trail, and the steps this agent may take now (``allowed_transitions``)."""
    return details.refund_detail(db, refund=refunds.get_refund(db, refund_id), agent=agent)


@api.post("/{refund_id}/transitions")
def transition(refund_id: str, body: TransitionIn, db: Db, agent: Staff) -> dict[str, Any]:
    """One step of the case (409 for a step its state does not allow)."""
    refund = refunds.get_refund(db, refund_id)
    refunds.do_transition(
        db, refund=refund, to=body.to, actor=agent, note=body.note, tracking_no=body.tracking_no
    )
    return details.refund_detail(db, refund=refund, agent=agent)


class ComplaintIn(BaseModel):
    customer_id: str
    category: str
    summary: str = Field(min_length=1, max_length=2000)
    promised_by: AnyMoment
    order_id: str | None = None
    session_id: str | None = None


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)
    channel: str | None = Field(default=None, max_length=16)


class ResultIn(BaseModel):
    result: str
    note: str = Field(default="", max_length=2000)
    evidence: str | None = Field(default=None, max_length=2000)
    revised_rating: str | None = None


@complaint_api.post("", status_code=201)
def open_complaint(body: ComplaintIn, db: Db, agent: AfterSales) -> dict[str, Any]:
    """Open a complaint owned by the agent; the buyer is told the promised time."""
    complaint = cases.do_open_complaint(db, owner=agent, **body.model_dump())
    return details.complaint_detail(db, complaint=complaint, agent=agent)


@complaint_api.get("", response_model=Paged[ComplaintItem])
def list_complaints(
    db: Db, _agent: AfterSales, page: Page, filters: Annotated[ComplaintFilters, Query()]
) -> dict[str, Any]:
    """Complaints; by default the earliest promised time first."""
    return worklists.complaint_list(db, filters=filters, params=page)


@complaint_api.get("/owners")
def complaint_owners(db: Db, _agent: AfterSales) -> list[dict[str, str]]:
    """The complaints' 负责人 by name: the choices of the list's owner filter."""
    return worklists.holders(db, of="complaint")


@complaint_api.get("/counts", response_model=StateCounts)
def count_complaints(
    db: Db, _agent: AfterSales, filters: Annotated[ComplaintFilters, Query()]
) -> StateCounts:
    return worklists.complaint_counts(db, filters=filters)


@complaint_api.get("/stats")
def complaint_stats(db: Db, _agent: AfterSales, period: InPeriod) -> dict[str, Any]:
    """Complaints opened in [from, to) by category (突发事件 too) and completion."""
    return stats.complaint_stats(db, start=period.start, end=period.end)


@complaint_api.get("/{complaint_id}")
def get_complaint(complaint_id: str, db: Db, agent: Staff) -> dict[str, Any]:
    """The complaint, its notes, and what this agent may do now (``allowed_actions``)."""
    complaint = cases.get_complaint(db, complaint_id)
    return details.complaint_detail(db, complaint=complaint, agent=agent)


@complaint_api.put("/{complaint_id}/owner")
def reassign_complaint(complaint_id: str, body: HandlerIn, db: Db, agent: Staff) -> dict[str, Any]:
    """改派: a lead hands the complaint to one of her people, the supervisor to anyone who
    works complaints (403 ``outside_team``, 409 once resolved)."""
    complaint = cases.get_complaint(db, complaint_id)
    complaint_owner.do_reassign(db, complaint=complaint, actor=agent, agent_id=body.agent_id)
    return details.complaint_detail(db, complaint=complaint, agent=agent)


@complaint_api.post("/{complaint_id}/followups", status_code=201)
def follow_up(complaint_id: str, body: NoteIn, db: Db, agent: AfterSales) -> dict[str, Any]:
    complaint = cases.get_complaint(db, complaint_id)
    cases.do_follow_up(db, complaint=complaint, author=agent, text=body.text, channel=body.channel)
    return details.complaint_detail(db, complaint=complaint, agent=agent)


@complaint_api.post("/{complaint_id}/resolve")
def resolve(complaint_id: str, body: NoteIn, db: Db, agent: AfterSales) -> dict[str, Any]:
    complaint = cases.get_complaint(db, complaint_id)
    cases.do_resolve(db, complaint=complaint, author=agent, resolution=body.text)
    return details.complaint_detail(db, complaint=complaint, agent=agent)


@review_api.post("")
def import_reviews(db: Db, _agent: AfterSales, items: Annotated[Any, Body()]) -> dict[str, int]:
    """Reviews (``id, order_id, rating, at, text``); all or nothing, the bad item's index named."""
    return product_review.do_import_reviews(db, items=items)


@review_api.post(".csv")
def import_reviews_csv(file: UploadFile, db: Db, _agent: AfterSales) -> dict[str, int]:
    return product_review.do_import_reviews_csv(db, data=read_csv(file, max_bytes=5 * 1024 * 1024))


@review_api.get("", response_model=Paged[ReviewItem])
def list_reviews(
    db: Db, _agent: AfterSales, page: Page, filters: Annotated[ReviewFilters, Query()]
) -> dict[str, Any]:
    """Medium and bad reviews (or the ratings asked for); by default the oldest first."""
    return worklists.review_list(db, filters=filters, params=page)


@review_api.get("/counts", response_model=StateCounts)
def count_reviews(
    db: Db, _agent: AfterSales, filters: Annotated[ReviewFilters, Query()]
) -> StateCounts:
    return worklists.review_counts(db, filters=filters)


@review_api.get("/{review_id}")
def get_review(review_id: str, db: Db, agent: Staff) -> dict[str, Any]:
    """The review, its notes, and what this agent may do now (``allowed_actions``)."""
    review = product_review.get_review(db, review_id)
    return details.review_detail(db, review=review, agent=agent)


@review_api.post("/{review_id}/contacts", status_code=201)
def log_contact(review_id: str, body: NoteIn, db: Db, agent: AfterSales) -> dict[str, Any]:
    review = product_review.get_review(db, review_id)
    product_review.do_log_contact(
        db, review=review, author=agent, channel=body.channel or "phone", text=body.text
    )
    return details.review_detail(db, review=review, agent=agent)


@review_api.post("/{review_id}/result")
def record_result(review_id: str, body: ResultIn, db: Db, agent: AfterSales) -> dict[str, Any]:
    review = product_review.get_review(db, review_id)
    product_review.do_record_result(db, review=review, author=agent, **body.model_dump())
    return details.review_detail(db, review=review, agent=agent)

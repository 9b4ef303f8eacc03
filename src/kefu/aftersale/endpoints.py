"""After-sales over HTTP: refunds, returns and exchanges (audit trail, next steps,
the monthly returns report), complaints (promise, follow-ups, resolution) and
reviews (import, contact attempts, result)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Body, Depends, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.aftersale import cases, refunds, worklists
from kefu.aftersale.schemas import (
    ComplaintFilters,
    ComplaintItem,
    RefundFilters,
    RefundItem,
    ReviewFilters,
    ReviewItem,
)
from kefu.api.auth import Allow
from kefu.api.downloads import xlsx_file
from kefu.api.period import InPeriod
from kefu.api.routing import get_db, make_router
from kefu.api.uploads import read_csv
from kefu.kit import clock
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.aftersale import RefundStatus
from kefu.models.team import SERVICE_ROLES, Role
from kefu.web.templates import render_for_agent

api = make_router(prefix="/api/v1/refunds", tags=["after-sales"])
complaint_api = make_router(prefix="/api/v1/complaints", tags=["after-sales"])
review_api = make_router(prefix="/api/v1/reviews", tags=["after-sales"])
pages = make_router(tags=["pages"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Reader = Annotated[Agent, Depends(Allow(Role.supervisor, Role.refund_review, Role.aftersale))]
AfterSales = Annotated[Agent, Depends(Allow(*cases.CASE_ROLES))]
Page = Annotated[PageParams, Depends(page_params)]


class TransitionIn(BaseModel):
    to: RefundStatus
    note: str | None = None
    tracking_no: str | None = None


def _case(db: Session, refund_id: str, agent: Agent) -> dict[str, Any]:
    refund = refunds.get_refund(db, refund_id)
    return {
        "id": refund.id,
        "order_id": refund.order_id,
        "kind": refund.kind,
        "kind_label": refunds.KIND_LABELS.get(refund.kind, refund.kind),
        "status": refund.status,
        "status_label": refunds.STATUS_LABELS[RefundStatus(refund.status)],
        "due_at": refund.due_at.isoformat() if refund.due_at else None,
        "overdue": refund.due_at is not None and refund.due_at < clock.now(),
        "allowed_transitions": refunds.allowed_transitions(db, refund=refund, actor=agent),
        "amount": str(refund.amount) if refund.amount is not None else None,
        "reason": refund.reason,
        "return_tracking_no": refund.return_tracking_no,
        "exchange_tracking_no": refund.exchange_tracking_no,
        "next": sorted(
            s.value for s in refunds.NEXT[refund.kind].get(RefundStatus(refund.status), set())
        ),
        "trail": [
            {
                "at": t.at.isoformat(),
                "actor": t.actor_id,
                "from": t.from_status,
                "to": t.to_status,
                "note": t.note,
            }
            for t in refunds.trail(db, refund=refund)
        ],
    }


@api.get("", response_model=Paged[RefundItem])
def list_refunds(
    db: Db, _agent: Reader, page: Page, filters: Annotated[RefundFilters, Query()]
) -> dict[str, Any]:
    """Refunds, returns and exchanges; by default the nearest deadline first."""
    return worklists.refund_list(db, filters=filters, params=page)


@api.get("/report")
def report(db: Db, _agent: Reader, period: InPeriod) -> dict[str, Any]:
    """Refunds, returns and exchanges requested in [from, to): by kind, state and reason."""
    return refunds.monthly_report(db, start=period.start, end=period.end)


@api.get("/report.xlsx")
def report_xlsx(db: Db, _agent: Reader, period: InPeriod) -> Response:
    data = refunds.monthly_report(db, start=period.start, end=period.end)
    rows: list[list[Any]] = [["类型", "件数", "金额", "状态", "原因"]]
    for kind, item in data["kinds"].items():
        states = "、".join(f"{k} {v}" for k, v in item["by_status"].items())
        reasons = "、".join(f"{k} {v}" for k, v in item["by_reason"].items())
        rows.append([kind, item["count"], item["amount"], states, reasons])
    return xlsx_file({"退换货": rows}, filename=f"returns-{period.name}.xlsx")


@api.get("/{refund_id}")
def get_case(refund_id: str, db: Db, agent: Staff) -> dict[str, Any]:
    """The case, its trail, and the steps this agent may take now (``allowed_transitions``)."""
    return _case(db, refund_id, agent)


@api.post("/{refund_id}/transitions")
def transition(refund_id: str, body: TransitionIn, db: Db, agent: Staff) -> dict[str, Any]:
    """One step of the case (409 for a step its state does not allow)."""
    refund = refunds.get_refund(db, refund_id)
    refunds.do_transition(
        db, refund=refund, to=body.to, actor=agent, note=body.note, tracking_no=body.tracking_no
    )
    return _case(db, refund_id, agent)


class ComplaintIn(BaseModel):
    customer_id: str
    category: str
    summary: str = Field(min_length=1, max_length=2000)
    promised_by: dt.datetime
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


def _notes(db: Session, kind: str, case_id: str) -> list[dict[str, Any]]:
    return [
        {
            "at": n.at.isoformat(),
            "author": n.author_id,
            "kind": n.kind,
            "channel": n.channel,
            "text": n.text,
        }
        for n in cases.notes(db, kind=kind, case_id=case_id)
    ]


def _complaint(db: Session, complaint: Any, agent: Agent) -> dict[str, Any]:
    status = worklists.complaint_status(complaint)
    return {
        "id": complaint.id,
        "status": status,
        "status_label": worklists.COMPLAINT_STATUS_LABELS[status],
        "overdue": worklists.complaint_overdue(complaint, clock.now()),
        "allowed_actions": cases.complaint_actions(complaint=complaint, agent=agent),
        "customer_id": complaint.customer_id,
        "category": complaint.category,
        "summary": complaint.summary,
        "owner_id": complaint.owner_id,
        "promised_by": complaint.promised_by.isoformat() if complaint.promised_by else None,
        "resolved_at": complaint.resolved_at.isoformat() if complaint.resolved_at else None,
        "notes": _notes(db, "complaint", complaint.id),
    }


@complaint_api.post("", status_code=201)
def open_complaint(body: ComplaintIn, db: Db, agent: AfterSales) -> dict[str, Any]:
    """Open a complaint owned by the agent; the buyer is told the promised time."""
    complaint = cases.do_open_complaint(db, owner=agent, **body.model_dump())
    return _complaint(db, complaint, agent)


@complaint_api.get("", response_model=Paged[ComplaintItem])
def list_complaints(
    db: Db, _agent: AfterSales, page: Page, filters: Annotated[ComplaintFilters, Query()]
) -> dict[str, Any]:
    """Complaints; by default the earliest promised time first."""
    return worklists.complaint_list(db, filters=filters, params=page)


@complaint_api.get("/{complaint_id}")
def get_complaint(complaint_id: str, db: Db, agent: Staff) -> dict[str, Any]:
    """The complaint, its notes, and what this agent may do now (``allowed_actions``)."""
    return _complaint(db, cases.get_complaint(db, complaint_id), agent)


@complaint_api.post("/{complaint_id}/followups", status_code=201)
def follow_up(complaint_id: str, body: NoteIn, db: Db, agent: AfterSales) -> dict[str, Any]:
    complaint = cases.get_complaint(db, complaint_id)
    cases.do_follow_up(db, complaint=complaint, author=agent, text=body.text, channel=body.channel)
    return _complaint(db, complaint, agent)


@complaint_api.post("/{complaint_id}/resolve")
def resolve(complaint_id: str, body: NoteIn, db: Db, agent: AfterSales) -> dict[str, Any]:
    complaint = cases.get_complaint(db, complaint_id)
    cases.do_resolve(db, complaint=complaint, author=agent, resolution=body.text)
    return _complaint(db, complaint, agent)


def _review(db: Session, review: Any, agent: Agent) -> dict[str, Any]:
    return {
        "id": review.id,
        "allowed_actions": cases.review_actions(review=review, agent=agent),
        "order_id": review.order_id,
        "rating": review.rating,
        "text": review.text,
        "at": review.at.isoformat(),
        "revise_until": cases.revise_until(review).isoformat(),
        "result": review.result,
        "revised_rating": review.revised_rating,
        "evidence": review.evidence,
        "notes": _notes(db, "review", review.id),
    }


@review_api.post("")
def import_reviews(db: Db, _agent: AfterSales, items: Annotated[Any, Body()]) -> dict[str, int]:
    """Reviews (``id, order_id, rating, at, text``); all or nothing, the bad item's index named."""
    return cases.do_import_reviews(db, items=items)


@review_api.post(".csv")
async def import_reviews_csv(file: UploadFile, db: Db, _agent: AfterSales) -> dict[str, int]:
    return cases.do_import_reviews_csv(db, data=await read_csv(file, max_bytes=5 * 1024 * 1024))


@review_api.get("", response_model=Paged[ReviewItem])
def list_reviews(
    db: Db, _agent: AfterSales, page: Page, filters: Annotated[ReviewFilters, Query()]
) -> dict[str, Any]:
    """Medium and bad reviews (or the ratings asked for); by default the oldest first."""
    return worklists.review_list(db, filters=filters, params=page)


@review_api.get("/{review_id}")
def get_review(review_id: str, db: Db, agent: Staff) -> dict[str, Any]:
    """The review, its notes, and what this agent may do now (``allowed_actions``)."""
    return _review(db, cases.get_review(db, review_id), agent)


@review_api.post("/{review_id}/contacts", status_code=201)
def log_contact(review_id: str, body: NoteIn, db: Db, agent: AfterSales) -> dict[str, Any]:
    review = cases.get_review(db, review_id)
    cases.do_log_contact(
        db, review=review, author=agent, channel=body.channel or "phone", text=body.text
    )
    return _review(db, review, agent)


@review_api.post("/{review_id}/result")
def record_result(review_id: str, body: ResultIn, db: Db, agent: AfterSales) -> dict[str, Any]:
    review = cases.get_review(db, review_id)
    cases.do_record_result(db, review=review, author=agent, **body.model_dump())
    return _review(db, review, agent)


@pages.get("/aftersale")
def aftersale_page(request: Request, db: Db, agent: Staff) -> Response:
    return render_for_agent(request, db, agent, "aftersale.html")

"""The workbench's customer panel: who the buyer is, what they bought, what is still open
for them, and what happened lately, in words an agent reads at a glance mid-chat."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.aftersale import product_review, refunds
from kefu.crm import profile, repository
from kefu.crm.schemas import CustomerOut, OpenCaseOut, PanelOrderOut, PanelOut
from kefu.models import Customer
from kefu.models.aftersale import COMPLAINT_CATEGORY_LABELS, REVIEW_RATING_LABELS, ReviewRating
from kefu.order import service as order_service
from kefu.order.schemas import OrderOut

CASE_LIMIT = 20


def panel(db: Session, *, customer: Customer) -> PanelOut:
    entries = profile.timeline(db, customer_id=customer.id)
    return PanelOut(
        customer=CustomerOut.model_validate(customer),
        orders=[
            PanelOrderOut(
                **OrderOut.model_validate(order).model_dump(),
                title=order_service.order_title(db, order=order),
                status_label=profile.ORDER_LABELS.get(order.status, order.status),
            )
            for order in order_service.recent_orders(db, customer_id=customer.id)
        ],
        open_cases=open_cases(db, customer_id=customer.id),
        notes=[entry for entry in entries if entry.kind == "note"],
        timeline=entries,
    )


def open_cases(db: Session, *, customer_id: str) -> list[OpenCaseOut]:
    """Refunds, returns and exchanges still under way, unresolved complaints and unhandled
    medium or bad reviews: what the buyer is probably writing about."""
    found = [
        OpenCaseOut(
            kind="refund",
            id=r.id,
            title=f"{refunds.KIND_LABELS.get(r.kind, '售后')}：订单 {r.order_id}",
            status_label=refunds.STATUS_LABELS.get(r.status, r.status),
            at=r.requested_at,
            order_id=r.order_id,
        )
        for r in repository.refunds_of(db, customer_id, CASE_LIMIT)
        if r.status in refunds.OPEN
    ]
    found += [
        OpenCaseOut(
            kind="complaint",
            id=c.id,
            title=f"投诉：{COMPLAINT_CATEGORY_LABELS.get(c.category, '其他')}",
            status_label="处理中",
            at=c.opened_at,
            due_at=c.promised_by,
            order_id=c.order_id,
        )
        for c in repository.complaints_of(db, customer_id, CASE_LIMIT)
        if c.resolved_at is None
    ]
    found += [
        OpenCaseOut(
            kind="review",
            id=r.id,
            title=f"{REVIEW_RATING_LABELS.get(r.rating, '评价')}：订单 {r.order_id}",
            status_label="待处理",
            at=r.at,
            due_at=product_review.revise_until(r),
            order_id=r.order_id,
        )
        for r in repository.reviews_of(db, customer_id, CASE_LIMIT)
        if r.rating != ReviewRating.good and r.handled_at is None
    ]
    return sorted(found, key=lambda case: case.at, reverse=True)

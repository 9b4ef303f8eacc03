"""What the detail pages of a refund, a complaint and a review show: the case, the
order and buyer it is about (names and product titles, not ids), its history with
who did each step, and what the agent looking at it may do now."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import (
    cases,
    complaint_owner,
    handler,
    product_review,
    refunds,
    repository,
    worklists,
)
from kefu.aftersale.jobs import CONTACT_WINDOW
from kefu.aftersale.queries import STATUS_TEXT
from kefu.crm import service as crm_service
from kefu.crm.profile import display_name
from kefu.kit import clock
from kefu.models import Agent, Complaint, Refund, Review
from kefu.models.aftersale import RefundStatus
from kefu.order import actions as order_actions
from kefu.order import service as order_service


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _buyer(db: Session, customer_id: str | None) -> dict[str, Any]:
    if customer_id is None:
        return {"customer_id": None, "buyer_name": None}
    customer = crm_service.get_customer(db, customer_id)
    return {
        "customer_id": customer.id,
        "buyer_name": display_name(customer.id, customer.nick, customer.name),
    }


def _order(db: Session, order_id: str | None) -> dict[str, Any]:
    """The order and its lines by product title; nothing for a case without one."""
    if order_id is None:
        return {"order": None, "items": [], "product_titles": []}
    order = order_service.get_order(db, order_id=order_id)
    lines = order_service.order_lines(db, order=order)
    return {
        "order": {
            "id": order.id,
            "status": order.status,
            "status_label": order_actions.STATUS_LABELS.get(order.status, order.status),
            "amount": str(order.amount),
            "created_at": _iso(order.created_at),
            "paid_at": _iso(order.paid_at),
            "shipped_at": _iso(order.shipped_at),
            "courier": order.courier,
            "tracking_no": order.tracking_no,
            "receiver_name": order.receiver_name,
            "address": order.address,
        },
        "items": lines,
        "product_titles": [line["title"] for line in lines],
        **_buyer(db, order.customer_id),
    }


def refund_detail(db: Session, *, refund: Refund, agent: Agent) -> dict[str, Any]:
    """The case, its order and buyer, its trail by name, and the steps this agent may take."""
    steps = refunds.trail(db, refund=refund)
    names = repository.agent_names(
        db, {step.actor_id for step in steps} | {refund.handler_id or ""}
    )
    status = RefundStatus(refund.status)
    return {
        "id": refund.id,
        "order_id": refund.order_id,
        "kind": refund.kind,
        "kind_label": refunds.KIND_LABELS.get(refund.kind, refund.kind),
        "status": refund.status,
        "status_label": refunds.STATUS_LABELS[status],
        "buyer_sees": STATUS_TEXT[status],
        "requested_at": _iso(refund.requested_at),
        "completed_at": _iso(refund.completed_at),
        "due_at": _iso(refund.due_at),
        "overdue": refund.due_at is not None and refund.due_at < clock.now(),
        "allowed_transitions": refunds.allowed_transitions(db, refund=refund, actor=agent),
        "amount": str(refund.amount) if refund.amount is not None else None,
        "reason": refund.reason,
        "handler_id": refund.handler_id,
        "handler_name": names.get(refund.handler_id) if refund.handler_id else None,
        "assignments": handler.assignments(db, refund=refund),
        "return_tracking_no": refund.return_tracking_no,
        "exchange_tracking_no": refund.exchange_tracking_no,
        "next": sorted(s.value for s in refunds.NEXT[refund.kind].get(status, set())),
        "trail": [
            {
                "at": step.at.isoformat(),
                "actor": step.actor_id,
                "actor_name": names.get(step.actor_id, step.actor_id),
                "from": step.from_status,
                "to": step.to_status,
                "note": step.note,
            }
            for step in steps
        ],
        **_order(db, refund.order_id),
    }


def notes_out(db: Session, kind: str, case_id: str) -> list[dict[str, Any]]:
    notes = cases.notes(db, kind=kind, case_id=case_id)
    names = repository.agent_names(db, {note.author_id for note in notes})
    return [
        {
            "at": note.at.isoformat(),
            "author": note.author_id,
            "author_name": names.get(note.author_id, note.author_id),
            "kind": note.kind,
            "channel": note.channel,
            "text": note.text,
        }
        for note in notes
    ]


def complaint_detail(db: Session, *, complaint: Complaint, agent: Agent) -> dict[str, Any]:
    """The complaint, its buyer and order, its notes by name, and what the agent may do."""
    status = worklists.complaint_status(complaint)
    owner = repository.agent_names(db, {complaint.owner_id} if complaint.owner_id else set())
    return {
        **_order(db, complaint.order_id),
        **_buyer(db, complaint.customer_id),
        "id": complaint.id,
        "status": status,
        "status_label": worklists.COMPLAINT_STATUS_LABELS[status],
        "overdue": worklists.complaint_overdue(complaint, clock.now()),
        "allowed_actions": cases.complaint_actions(complaint=complaint, agent=agent),
        "category": complaint.category,
        "category_label": cases.CATEGORY_LABELS.get(complaint.category, complaint.category),
        "summary": complaint.summary,
        "order_id": complaint.order_id,
        "session_id": complaint.session_id,
        "owner_id": complaint.owner_id,
        "owner_name": owner.get(complaint.owner_id or ""),
        "owner_choices": complaint_owner.owner_choices(db, complaint=complaint, actor=agent),
        "opened_at": _iso(complaint.opened_at),
        "promised_by": _iso(complaint.promised_by),
        "resolved_at": _iso(complaint.resolved_at),
        "notes": notes_out(db, "complaint", complaint.id),
    }


def review_detail(db: Session, *, review: Review, agent: Agent) -> dict[str, Any]:
    """The review, its buyer and order, the contacts and result by name, its two
    deadlines (contact within 7 days, revisable for 30), and what the agent may do."""
    now = clock.now()
    status = "pending" if review.handled_at is None else "handled"
    notes = notes_out(db, "review", review.id)
    revise_until = product_review.revise_until(review)
    return {
        **_order(db, review.order_id),
        "id": review.id,
        "status": status,
        "status_label": worklists.REVIEW_STATUS_LABELS[status],
        "allowed_actions": product_review.review_actions(review=review, agent=agent),
        "order_id": review.order_id,
        "rating": review.rating,
        "rating_label": worklists.RATING_LABELS.get(review.rating, review.rating),
        "text": review.text,
        "at": review.at.isoformat(),
        "contact_due_at": (review.at + CONTACT_WINDOW).isoformat(),
        "overdue": status == "pending" and review.at + CONTACT_WINDOW < now,
        "revise_until": revise_until.isoformat(),
        "revisable": now <= revise_until,
        "handled_at": _iso(review.handled_at),
        "result": review.result,
        "result_label": product_review.REVIEW_RESULTS.get(review.result or ""),
        "revised_rating": review.revised_rating,
        "evidence": review.evidence,
        "contacts": sum(note["kind"] == "contact" for note in notes),
        "notes": notes,
    }

"""Every query of the after-sales domain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.models import CaseNote, Complaint, Order, Refund, RefundTransition, Review


def refunds_of_customer(session: Session, customer_id: str, limit: int) -> list[Refund]:
    query = (
        select(Refund)
        .join(Order, Order.id == Refund.order_id)
        .where(Order.customer_id == customer_id)
        .order_by(Refund.requested_at.desc(), Refund.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def review(session: Session, review_id: str) -> Review | None:
    return session.get(Review, review_id)


def reviews_with_text(session: Session, ratings: tuple[str, ...], limit: int) -> list[Review]:
    query = (
        select(Review)
        .where(Review.rating.in_(ratings), Review.text.is_not(None))
        .order_by(Review.at.desc(), Review.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def customer_of_order(session: Session, order_id: str) -> str | None:
    return session.scalar(select(Order.customer_id).where(Order.id == order_id))


def complaint(session: Session, complaint_id: str) -> Complaint | None:
    return session.get(Complaint, complaint_id)


def refund(session: Session, refund_id: str) -> Refund | None:
    return session.get(Refund, refund_id)


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


def transitions(session: Session, refund_id: str) -> list[RefundTransition]:
    query = select(RefundTransition).where(RefundTransition.refund_id == refund_id)
    return list(session.scalars(query.order_by(RefundTransition.at, RefundTransition.id)))


def refunds_requested(session: Session, start: dt.datetime, end: dt.datetime) -> list[Refund]:
    query = select(Refund).where(Refund.requested_at >= start, Refund.requested_at < end)
    return list(session.scalars(query.order_by(Refund.requested_at, Refund.id)))


def open_complaints_due_before(session: Session, before: dt.datetime) -> list[Complaint]:
    query = select(Complaint).where(
        Complaint.resolved_at.is_(None),
        Complaint.promised_by.is_not(None),
        Complaint.promised_by <= before,
    )
    return list(session.scalars(query.order_by(Complaint.promised_by, Complaint.id)))


def unhandled_bad_reviews(session: Session) -> list[tuple[Review, str]]:
    query = (
        select(Review, Order.customer_id)
        .join(Order, Order.id == Review.order_id)
        .where(Review.rating.in_(("medium", "bad")), Review.handled_at.is_(None))
        .order_by(Review.at, Review.id)
    )
    return [(review, customer) for review, customer in session.execute(query)]


def case_notes(session: Session, kind: str, case_id: str) -> list[CaseNote]:
    query = select(CaseNote).where(CaseNote.case_kind == kind, CaseNote.case_id == case_id)
    return list(session.scalars(query.order_by(CaseNote.at, CaseNote.id)))

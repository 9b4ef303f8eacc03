"""Every query of the KPI engine. All of them read append-only rows (messages,
hand-offs, transfers, ratings, payments, requests), never live session state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, case, func, select, union
from sqlalchemy.orm import Session

from kefu.models import (
    ChatSession,
    Complaint,
    Handoff,
    Message,
    Order,
    Rating,
    Refund,
    Review,
    Transfer,
)


def _opened(start: dt.datetime, end: dt.datetime) -> Any:
    return (ChatSession.opened_at >= start) & (ChatSession.opened_at < end)


def sessions_opened(db: Session, start: dt.datetime, end: dt.datetime) -> list[tuple[str, str]]:
    query = select(ChatSession.id, ChatSession.customer_id).where(_opened(start, end))
    return [(session_id, customer) for session_id, customer in db.execute(query)]


def messages(db: Session, start: dt.datetime, end: dt.datetime) -> Iterator[Row[Any]]:
    """Messages of the sessions opened in the period, session by session, in order."""
    query = (
        select(Message.session_id, Message.sender, Message.agent_id, Message.at)
        .join(ChatSession, ChatSession.id == Message.session_id)
        .where(_opened(start, end))
        .order_by(Message.session_id, Message.at, Message.seq, Message.id)
    )
    yield from db.execute(query.execution_options(yield_per=5000))


def handed_to_people(db: Session, start: dt.datetime, end: dt.datetime) -> set[str]:
    """Sessions of the period with a hand-off or a transfer."""
    handoffs = select(Handoff.session_id).join(ChatSession, ChatSession.id == Handoff.session_id)
    transfers = select(Transfer.session_id).join(ChatSession, ChatSession.id == Transfer.session_id)
    query = union(handoffs.where(_opened(start, end)), transfers.where(_opened(start, end)))
    return set(db.scalars(select(query.subquery().c[0])))


def ratings(db: Session, start: dt.datetime, end: dt.datetime) -> list[tuple[str, int]]:
    query = select(Rating.session_id, Rating.score).join(
        ChatSession, ChatSession.id == Rating.session_id
    )
    return [
        (session_id, score) for session_id, score in db.execute(query.where(_opened(start, end)))
    ]


def payments(
    db: Session, start: dt.datetime, end: dt.datetime
) -> list[tuple[str, dt.datetime, Decimal]]:
    """Paid orders (customer, paid_at, amount) with paid_at in [start, end), by time."""
    query = (
        select(Order.customer_id, Order.paid_at, Order.amount)
        .where(Order.paid_at >= start, Order.paid_at < end)
        .order_by(Order.paid_at, Order.id)
    )
    return [(customer, paid_at, amount) for customer, paid_at, amount in db.execute(query)]


def count_refunds_requested(db: Session, start: dt.datetime, end: dt.datetime) -> int:
    query = select(func.count()).where(Refund.requested_at >= start, Refund.requested_at < end)
    return db.scalar(query) or 0


def count_orders_paid(db: Session, start: dt.datetime, end: dt.datetime) -> int:
    return db.scalar(select(func.count()).where(Order.paid_at >= start, Order.paid_at < end)) or 0


def complaints_promised(
    db: Session, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime | None]]:
    query = select(Complaint.promised_by, Complaint.resolved_at).where(
        Complaint.promised_by >= start, Complaint.promised_by < end
    )
    return [(promised, resolved) for promised, resolved in db.execute(query)]


def bad_reviews(
    db: Session, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime | None]]:
    query = select(Review.at, Review.handled_at).where(
        Review.at >= start, Review.at < end, Review.rating.in_(["medium", "bad"])
    )
    return [(at, handled) for at, handled in db.execute(query)]


def session_list(
    db: Session, start: dt.datetime, end: dt.datetime, agent_id: str | None, limit: int
) -> list[Row[Any]]:
    """Sessions opened in the period (where ``agent_id`` spoke, if given), newest first."""
    from kefu.models import Customer, QcInspection

    spoke = select(Message.session_id).where(Message.sender == "agent")
    if agent_id is not None:
        spoke = spoke.where(Message.agent_id == agent_id)
    counts = (
        select(Message.session_id, func.count().label("messages"))
        .group_by(Message.session_id)
        .subquery()
    )
    query = (
        select(
            ChatSession.id,
            ChatSession.opened_at,
            ChatSession.channel,
            Customer.nick,
            counts.c.messages,
            QcInspection.score,
        )
        .join(Customer, Customer.id == ChatSession.customer_id)
        .outerjoin(counts, counts.c.session_id == ChatSession.id)
        .outerjoin(QcInspection, QcInspection.session_id == ChatSession.id)
        .where(_opened(start, end))
        .order_by(ChatSession.opened_at.desc())
        .limit(limit)
    )
    if agent_id is not None:
        query = query.where(ChatSession.id.in_(spoke))
    return list(db.execute(query))


def refunds_by_kind(
    db: Session, start: dt.datetime, end: dt.datetime
) -> dict[str, tuple[int, Decimal]]:
    """Refunds, returns and exchanges requested in the period: (count, amount) by kind."""
    query = (
        select(Refund.kind, func.count(), func.coalesce(func.sum(Refund.amount), 0))
        .where(Refund.requested_at >= start, Refund.requested_at < end)
        .group_by(Refund.kind)
    )
    # sum() keeps the column's Money type, so the total comes back in yuan already.
    return {kind: (count, Decimal(total)) for kind, count, total in db.execute(query)}


def complaints_opened_resolved(
    db: Session, start: dt.datetime, end: dt.datetime
) -> tuple[int, int]:
    opened = db.scalar(
        select(func.count()).where(Complaint.opened_at >= start, Complaint.opened_at < end)
    )
    resolved = db.scalar(
        select(func.count()).where(Complaint.resolved_at >= start, Complaint.resolved_at < end)
    )
    return opened or 0, resolved or 0


def reviews_handled(db: Session, start: dt.datetime, end: dt.datetime) -> int:
    """Medium and bad reviews handled in the period (whenever they were posted)."""
    query = select(func.count()).where(
        Review.handled_at >= start, Review.handled_at < end, Review.rating.in_(["medium", "bad"])
    )
    return db.scalar(query) or 0


def qc_summary(
    db: Session, start: dt.datetime, end: dt.datetime
) -> tuple[int, float | None, int, int]:
    """Sessions of the period inspected, their mean score, how many flagged and reviewed."""
    from kefu.models import QcInspection, QcReview

    query = (
        select(
            func.count(),
            func.avg(QcInspection.score),
            func.sum(case((QcInspection.flagged, 1), else_=0)),
            func.count(QcReview.reviewed_at),
        )
        .join(ChatSession, ChatSession.id == QcInspection.session_id)
        .outerjoin(QcReview, QcReview.session_id == QcInspection.session_id)
        .where(_opened(start, end))
    )
    inspected, average, flagged, reviewed = db.execute(query).one()
    return (
        inspected or 0,
        None if average is None else round(float(average), 1),
        flagged or 0,
        reviewed or 0,
    )

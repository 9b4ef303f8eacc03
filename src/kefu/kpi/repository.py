"""Every query of the KPI engine. All of them read append-only rows (messages,
hand-offs, transfers, ratings, payments, requests), never live session state."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, Table, case, func, select
from sqlalchemy.orm import Session

from kefu.models import (
    ChatSession,
    Complaint,
    Handoff,
    Message,
    Order,
    Rating,
    Refund,
    Reship,
    Review,
    Transfer,
)


def _opened(start: dt.datetime, end: dt.datetime) -> Any:
    return (ChatSession.opened_at >= start) & (ChatSession.opened_at < end)


def ratings_of(db: Session, session_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for first in range(0, len(session_ids), CHUNK):
        chunk = session_ids[first : first + CHUNK]
        query = select(Rating.session_id, Rating.score).where(Rating.session_id.in_(chunk))
        found.update({session_id: score for session_id, score in db.execute(query)})
    return found


def payments(
    db: Session, start: dt.datetime, end: dt.datetime
) -> list[tuple[str, str, dt.datetime, Decimal]]:
    """Paid orders (id, customer, paid_at, amount) with paid_at in [start, end), by time."""
    query = (
        select(Order.id, Order.customer_id, Order.paid_at, Order.amount)
        .where(Order.paid_at >= start, Order.paid_at < end, _a_sale())
        .order_by(Order.paid_at, Order.id)
    )
    return [tuple(row) for row in db.execute(query)]  # type: ignore[misc]


def count_refunds_requested(db: Session, start: dt.datetime, end: dt.datetime) -> int:
    query = select(func.count()).where(Refund.requested_at >= start, Refund.requested_at < end)
    return db.scalar(query) or 0


def count_orders_paid(db: Session, start: dt.datetime, end: dt.datetime) -> int:
    query = select(func.count()).where(Order.paid_at >= start, Order.paid_at < end, _a_sale())
    return db.scalar(query) or 0


def _a_sale() -> Any:
    """Not a 补发 order: re-shipments are counted apart (reship/), never as sales."""
    return Order.id.not_in(select(Reship.order_id))


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


# --- KPI summaries -------------------------------------------------------------------

CHUNK = 500


def count_sessions_opened(db: Session, start: dt.datetime, end: dt.datetime) -> int:
    return db.scalar(select(func.count()).select_from(ChatSession).where(_opened(start, end))) or 0


def _summary_tables() -> tuple[Table, Table]:
    from kefu.models import SessionAgentKpi, SessionKpi

    return SessionKpi.__table__, SessionAgentKpi.__table__


def _rating_sums() -> list[Any]:
    """Satisfaction sums over rows outer-joined to ``ratings`` (see ``engine.Csat``)."""
    return [
        func.count(Rating.score).filter(Rating.score >= 4).label("rated_good"),
        func.count(Rating.score).label("rated"),
        func.coalesce(func.sum(Rating.score), 0).label("score_sum"),
    ]


def summary_totals(db: Session, start: dt.datetime, end: dt.datetime) -> Row[Any]:
    """The shop's sums over the period's session summaries, in one pass."""
    t, _ = _summary_tables()
    human = t.c.human_messages > 0
    query = select(
        *_rating_sums(),
        func.count().filter(human).label("with_human"),
        func.count().filter(human | t.c.handed).label("handed"),
        func.coalesce(func.sum(t.c.human_messages), 0).label("human_messages"),
        func.coalesce(func.sum(t.c.buyer_messages).filter(human), 0).label("buyer_messages_served"),
        func.count().filter(t.c.has_bot).label("bot_sessions"),
        func.count().filter(t.c.has_bot & ~human & ~t.c.handed).label("bot_resolved"),
        func.coalesce(func.sum(t.c.first_response_us).filter(human), 0).label("first_response_us"),
        func.count(t.c.first_response_us).filter(human).label("first_responses"),
        func.coalesce(func.sum(t.c.burst_us), 0).label("burst_us"),
        func.coalesce(func.sum(t.c.bursts), 0).label("bursts"),
    )
    query = query.select_from(t).outerjoin(Rating, Rating.session_id == t.c.session_id)
    return db.execute(query.where(t.c.opened_at >= start, t.c.opened_at < end)).one()


def summary_customers(db: Session, start: dt.datetime, end: dt.datetime) -> list[Row[Any]]:
    """Per customer of the period's summaries: did they write, were they answered by
    a person, and when they first wrote (``customer_id, inquired, served, first_buyer_us``)."""
    t, _ = _summary_tables()
    query = (
        select(
            t.c.customer_id,
            func.max(t.c.buyer_messages) > 0,
            func.max(t.c.human_messages) > 0,
            func.min(t.c.first_buyer_us),
        )
        .where(t.c.opened_at >= start, t.c.opened_at < end)
        .group_by(t.c.customer_id)
    )
    return list(db.execute(query))


def agent_totals(db: Session, start: dt.datetime, end: dt.datetime) -> list[Row[Any]]:
    _, a = _summary_tables()
    query = (
        select(
            a.c.agent_id,
            func.count().label("sessions"),
            func.count(a.c.customer_id.distinct()).label("customers"),
            *_rating_sums(),
            func.sum(a.c.messages).label("messages"),
            func.sum(a.c.buyer_messages).label("buyer_messages"),
            func.coalesce(func.sum(a.c.first_response_us), 0).label("first_response_us"),
            func.count(a.c.first_response_us).label("first_responses"),
            func.sum(a.c.burst_us).label("burst_us"),
            func.sum(a.c.bursts).label("bursts"),
        )
        .select_from(a)
        .outerjoin(Rating, Rating.session_id == a.c.session_id)
        .where(a.c.opened_at >= start, a.c.opened_at < end)
        .group_by(a.c.agent_id)
    )
    return list(db.execute(query))


def agent_customers_among(
    db: Session, start: dt.datetime, end: dt.datetime, customers: set[str]
) -> dict[str, set[str]]:
    """Each agent's customers, among these, in the period's summaries."""
    _, a = _summary_tables()
    wanted, found = sorted(customers), defaultdict(set)
    for first in range(0, len(wanted), CHUNK):
        query = select(a.c.agent_id, a.c.customer_id).where(
            a.c.opened_at >= start,
            a.c.opened_at < end,
            a.c.customer_id.in_(wanted[first : first + CHUNK]),
        )
        for agent, customer in db.execute(query):
            found[agent].add(customer)
    return found


def unsummarized_sessions(db: Session, start: dt.datetime, end: dt.datetime) -> list[str]:
    """The period's sessions without a summary yet (still open)."""
    t, _ = _summary_tables()
    summarized = (
        select(func.count()).select_from(t).where(t.c.opened_at >= start, t.c.opened_at < end)
    )
    if db.scalar(summarized) == count_sessions_opened(db, start, end):
        return []  # two index-only counts spare a join over the whole period
    query = (
        select(ChatSession.id)
        .outerjoin(t, t.c.session_id == ChatSession.id)
        .where(_opened(start, end), t.c.session_id.is_(None))
    )
    return list(db.scalars(query))


def messages_with_customer(db: Session, session_ids: list[str]) -> list[Row[Any]]:
    rows: list[Row[Any]] = []
    for first in range(0, len(session_ids), CHUNK):
        query = (
            select(
                Message.session_id,
                ChatSession.customer_id,
                Message.sender,
                Message.agent_id,
                Message.at,
            )
            .join(ChatSession, ChatSession.id == Message.session_id)
            .where(Message.session_id.in_(session_ids[first : first + CHUNK]))
            .order_by(Message.session_id, Message.at, Message.seq, Message.id)
        )
        rows.extend(db.execute(query))
    return rows


def handed_among(db: Session, session_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(session_ids), CHUNK):
        chunk = session_ids[start : start + CHUNK]
        found.update(db.scalars(select(Handoff.session_id).where(Handoff.session_id.in_(chunk))))
        found.update(db.scalars(select(Transfer.session_id).where(Transfer.session_id.in_(chunk))))
    return found


def session_facts(db: Session, session_ids: list[str]) -> dict[str, tuple[str, dt.datetime]]:
    query = select(ChatSession.id, ChatSession.customer_id, ChatSession.opened_at).where(
        ChatSession.id.in_(session_ids)
    )
    return {session_id: (customer, opened) for session_id, customer, opened in db.execute(query)}


def messages_of_sessions(db: Session, session_ids: list[str]) -> list[Row[Any]]:
    query = (
        select(Message.session_id, Message.sender, Message.agent_id, Message.at)
        .where(Message.session_id.in_(session_ids))
        .order_by(Message.session_id, Message.at, Message.seq, Message.id)
    )
    return list(db.execute(query))


def all_session_ids(db: Session) -> Iterator[str]:
    yield from db.scalars(
        select(ChatSession.id).order_by(ChatSession.id).execution_options(yield_per=20000)
    )


def replace_summaries(
    db: Session, rows: list[dict[str, Any]], agent_rows: list[dict[str, Any]]
) -> None:
    from kefu.models import SessionAgentKpi, SessionKpi

    ids = [row["session_id"] for row in rows]
    db.execute(SessionAgentKpi.__table__.delete().where(SessionAgentKpi.session_id.in_(ids)))
    db.execute(SessionKpi.__table__.delete().where(SessionKpi.session_id.in_(ids)))
    if rows:
        db.execute(SessionKpi.__table__.insert(), rows)
    if agent_rows:
        db.execute(SessionAgentKpi.__table__.insert(), agent_rows)


def human_times(
    db: Session, start: dt.datetime, end: dt.datetime, customers: set[str]
) -> list[tuple[str, dt.datetime, str]]:
    """Agents' messages to these customers in sessions opened in the period."""
    wanted = sorted(customers)
    found: list[tuple[str, dt.datetime, str]] = []
    for first in range(0, len(wanted), CHUNK):
        query = (
            select(ChatSession.customer_id, Message.at, Message.agent_id)
            .join(ChatSession, ChatSession.id == Message.session_id)
            .where(_opened(start, end), Message.sender == "agent", Message.agent_id.is_not(None))
            .where(ChatSession.customer_id.in_(wanted[first : first + CHUNK]))
        )
        found.extend((customer, at, agent) for customer, at, agent in db.execute(query))
    return found

"""Every query of the after-sales domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from kefu.aftersale.schemas import ComplaintFilters, RefundFilters, ReviewFilters
from kefu.kit.filters import narrow, text_search, yes_no
from kefu.kit.paging import PageParams, Top, fetch_page, fetch_top, order_by
from kefu.models import (
    Agent,
    CaseNote,
    Complaint,
    Customer,
    Order,
    Refund,
    RefundTransition,
    Review,
)

Handler = aliased(Agent, name="handler")
LastActor = aliased(Agent, name="last_actor")


def refunds_of_customer(db: Session, customer_id: str, limit: int) -> list[Refund]:
    query = (
        select(Refund)
        .join(Order, Order.id == Refund.order_id)
        .where(Order.customer_id == customer_id)
        .order_by(Refund.requested_at.desc(), Refund.id)
        .limit(limit)
    )
    return list(db.scalars(query))


def review(db: Session, review_id: str) -> Review | None:
    return db.get(Review, review_id)


def reviews_with_text(db: Session, ratings: tuple[str, ...], limit: int) -> list[Review]:
    query = (
        select(Review)
        .where(Review.rating.in_(ratings), Review.text.is_not(None))
        .order_by(Review.at.desc(), Review.id)
        .limit(limit)
    )
    return list(db.scalars(query))


def customer_of_order(db: Session, order_id: str) -> str | None:
    return db.scalar(select(Order.customer_id).where(Order.id == order_id))


def complaint(db: Session, complaint_id: str) -> Complaint | None:
    return db.get(Complaint, complaint_id)


def refund(db: Session, refund_id: str) -> Refund | None:
    return db.get(Refund, refund_id)


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def transitions(db: Session, refund_id: str) -> list[RefundTransition]:
    query = select(RefundTransition).where(RefundTransition.refund_id == refund_id)
    return list(db.scalars(query.order_by(RefundTransition.at, RefundTransition.id)))


def refunds_requested(db: Session, start: dt.datetime, end: dt.datetime) -> list[Refund]:
    query = select(Refund).where(Refund.requested_at >= start, Refund.requested_at < end)
    return list(db.scalars(query.order_by(Refund.requested_at, Refund.id)))


def open_complaints_due_before(db: Session, before: dt.datetime) -> list[Complaint]:
    query = select(Complaint).where(
        Complaint.resolved_at.is_(None),
        Complaint.promised_by.is_not(None),
        Complaint.promised_by <= before,
    )
    return list(db.scalars(query.order_by(Complaint.promised_by, Complaint.id)))


def unhandled_bad_reviews(db: Session) -> list[tuple[Review, str]]:
    query = (
        select(Review, Order.customer_id)
        .join(Order, Order.id == Review.order_id)
        .where(Review.rating.in_(("medium", "bad")), Review.handled_at.is_(None))
        .order_by(Review.at, Review.id)
    )
    return [(review, customer) for review, customer in db.execute(query)]


def case_notes(db: Session, kind: str, case_id: str) -> list[CaseNote]:
    query = select(CaseNote).where(CaseNote.case_kind == kind, CaseNote.case_id == case_id)
    return list(db.scalars(query.order_by(CaseNote.at, CaseNote.id)))


def refunds_requested_since(db: Session, since: dt.datetime) -> list[Refund]:
    """Refunds still waiting for review that were requested since ``since``."""
    query = select(Refund).where(Refund.status == "requested", Refund.requested_at >= since)
    return list(db.scalars(query.order_by(Refund.requested_at, Refund.id)))


def open_refunds_without_due(
    db: Session, open_states: tuple[str, ...]
) -> list[tuple[Refund, dt.datetime]]:
    """Open refunds with no deadline, each with when it reached its state."""
    reached = (
        select(func.max(RefundTransition.at))
        .where(RefundTransition.refund_id == Refund.id)
        .correlate(Refund)
        .scalar_subquery()
    )
    query = select(Refund, func.coalesce(reached, Refund.requested_at)).where(
        Refund.due_at.is_(None), Refund.status.in_(open_states)
    )
    return [(refund, since) for refund, since in db.execute(query.order_by(Refund.id))]


def _refunds() -> Select[Any]:
    """Refunds with their buyer, their handler (处理人) and whoever took the latest step."""
    last_actor = (
        select(RefundTransition.actor_id)
        .where(RefundTransition.refund_id == Refund.id)
        .order_by(RefundTransition.at.desc(), RefundTransition.id.desc())
        .limit(1)
        .correlate(Refund)
        .scalar_subquery()
    )
    return (
        select(Refund, Customer.id, Customer.nick, Customer.name, Handler.name, LastActor.name)
        .join(Order, Order.id == Refund.order_id)
        .join(Customer, Customer.id == Order.customer_id)
        .outerjoin(Handler, Handler.id == Refund.handler_id)
        .outerjoin(LastActor, LastActor.id == last_actor)
    )


def _refund_filters(
    f: RefundFilters, now: dt.datetime, *, by_status: bool = True
) -> list[ColumnElement[bool] | None]:
    return [
        Refund.status.in_(f.status) if f.status and by_status else None,
        Refund.kind.in_(f.kind) if f.kind else None,
        yes_no(Refund.due_at.is_not(None) & (Refund.due_at < now), f.overdue),
        Refund.due_at < f.due_before if f.due_before else None,
        Refund.order_id == f.order_id if f.order_id else None,
        Order.customer_id == f.customer_id if f.customer_id else None,
        Refund.handler_id == f.handler_id if f.handler_id else None,
        yes_no(Refund.handler_id.is_(None), f.unowned),
        text_search(
            f.q, exact=[Refund.id, Refund.order_id], partial=[Customer.nick, Customer.name]
        ),
    ]


def refund_page(
    db: Session, f: RefundFilters, *, now: dt.datetime, params: PageParams
) -> tuple[list[Any], int]:
    query = narrow(_refunds(), *_refund_filters(f, now))
    sorts = {"due_at": Refund.due_at, "created_at": Refund.requested_at, "amount": Refund.amount}
    default = [Refund.due_at.asc().nulls_last(), Refund.requested_at, Refund.id]
    return fetch_page(db, order_by(query, params.sort, sorts, default), params)


def _count_by(
    db: Session, query: Select[Any], key: ColumnElement[Any], late: ColumnElement[bool]
) -> dict[Any, tuple[int, int]]:
    """Rows of ``query`` per value of ``key``: (how many, how many of them are late).
    ``key`` is a column or a condition without parameters, so that PostgreSQL sees the
    same expression in the select list and the GROUP BY."""
    counted = query.with_only_columns(
        key, func.count(), func.sum(case((late, 1), else_=0))
    ).group_by(key)
    return {value: (count, int(late or 0)) for value, count, late in db.execute(counted)}


def holders(db: Session, *, of: str) -> list[tuple[str, str]]:
    """(id, name) of everyone who holds some ``refund`` (处理人) or ``complaint`` (负责人), by
    name: the choices of that list's filter."""
    column = {"refund": Refund.handler_id, "complaint": Complaint.owner_id}[of]
    held = select(column).where(column.is_not(None)).distinct()
    query = select(Agent.id, Agent.name).where(Agent.id.in_(held)).order_by(Agent.name)
    return [(agent_id, name) for agent_id, name in db.execute(query)]


def refund_counts(db: Session, f: RefundFilters, *, now: dt.datetime) -> dict[str, tuple[int, int]]:
    """Per state, the refunds the other filters (all but the state) match, and the late ones."""
    query = narrow(_refunds(), *_refund_filters(f, now, by_status=False))
    late = Refund.due_at.is_not(None) & (Refund.due_at < now)
    return _count_by(db, query, Refund.status, late)


def refunds_due(db: Session, *, until: dt.datetime, now: dt.datetime, limit: int) -> Top:
    """Open refunds whose step is due by ``until``, the most urgent first."""
    query = select(Refund).where(Refund.due_at <= until).order_by(Refund.due_at, Refund.id)
    return fetch_top(db, query, limit, overdue=Refund.due_at < now)


def _complaints() -> Select[Any]:
    return (
        select(Complaint, Customer.nick, Customer.name, Handler.name)
        .join(Customer, Customer.id == Complaint.customer_id)
        .outerjoin(Handler, Handler.id == Complaint.owner_id)
    )


def _complaint_overdue(now: dt.datetime) -> ColumnElement[bool]:
    promised = Complaint.promised_by
    return Complaint.resolved_at.is_(None) & promised.is_not(None) & (promised < now)


_COMPLAINT_STATES = {
    "open": Complaint.resolved_at.is_(None),
    "resolved": Complaint.resolved_at.is_not(None),
}


def _complaint_filters(
    f: ComplaintFilters, now: dt.datetime, *, by_status: bool = True
) -> list[ColumnElement[bool] | None]:
    states = set(f.status) if by_status else set()
    return [
        or_(*(_COMPLAINT_STATES[s] for s in states)) if states else None,
        Complaint.category.in_(f.category) if f.category else None,
        yes_no(_complaint_overdue(now), f.overdue),
        Complaint.promised_by < f.promised_before if f.promised_before else None,
        Complaint.owner_id == f.owner_id if f.owner_id else None,
        Complaint.customer_id == f.customer_id if f.customer_id else None,
        text_search(
            f.q,
            exact=[Complaint.id, Complaint.order_id, Complaint.customer_id],
            partial=[Customer.nick, Customer.name, Complaint.summary],
        ),
    ]


def complaint_page(
    db: Session, f: ComplaintFilters, *, now: dt.datetime, params: PageParams
) -> tuple[list[Any], int]:
    query = narrow(_complaints(), *_complaint_filters(f, now))
    sorts = {"promised_by": Complaint.promised_by, "opened_at": Complaint.opened_at}
    default = [Complaint.promised_by.asc().nulls_last(), Complaint.opened_at, Complaint.id]
    return fetch_page(db, order_by(query, params.sort, sorts, default), params)


def complaint_counts(
    db: Session, f: ComplaintFilters, *, now: dt.datetime
) -> dict[str, tuple[int, int]]:
    """Open and resolved complaints the other filters match, and the late ones."""
    query = narrow(_complaints(), *_complaint_filters(f, now, by_status=False))
    found = _count_by(db, query, Complaint.resolved_at.is_(None), _complaint_overdue(now))
    return {"open" if is_open else "resolved": counts for is_open, counts in found.items()}


def complaints_overdue(db: Session, *, owner_id: str | None, now: dt.datetime, limit: int) -> Top:
    """Open complaints past their promised time (of one owner, or everyone's)."""
    query = select(Complaint).where(_complaint_overdue(now))
    if owner_id is not None:
        query = query.where(Complaint.owner_id == owner_id)
    query = query.order_by(Complaint.promised_by, Complaint.id)
    return fetch_top(db, query, limit, overdue=_complaint_overdue(now))


def _reviews() -> Select[Any]:
    """Reviews with their buyer, whoever last contacted them or recorded the result, and
    how many times the buyer was contacted."""
    notes = (CaseNote.case_kind == "review") & (CaseNote.case_id == Review.id)
    last_author = (
        select(CaseNote.author_id)
        .where(notes)
        .order_by(CaseNote.at.desc(), CaseNote.id.desc())
        .limit(1)
        .correlate(Review)
        .scalar_subquery()
    )
    contacts = (
        select(func.count())
        .where(notes, CaseNote.kind == "contact")
        .correlate(Review)
        .scalar_subquery()
    )
    return (
        select(
            Review, Customer.id, Customer.nick, Customer.name, Handler.id, Handler.name, contacts
        )
        .join(Order, Order.id == Review.order_id)
        .join(Customer, Customer.id == Order.customer_id)
        .outerjoin(Handler, Handler.id == last_author)
    )


_REVIEW_STATES = {"pending": Review.handled_at.is_(None), "handled": Review.handled_at.is_not(None)}


def _review_late(now: dt.datetime, contact_within: dt.timedelta) -> ColumnElement[bool]:
    return Review.handled_at.is_(None) & (Review.at < now - contact_within)


def _review_filters(
    f: ReviewFilters,
    now: dt.datetime,
    windows: tuple[dt.timedelta, dt.timedelta],
    *,
    by_status: bool = True,
) -> list[ColumnElement[bool] | None]:
    """Deadlines are fixed spans after the review (``windows``: to contact the buyer, for
    the buyer to revise), so every deadline filter is a bound on when it was posted."""
    contact_within, revise_within = windows
    states = set(f.status) if by_status else set()
    return [
        Review.rating.in_(f.rating or ("medium", "bad")),
        or_(*(_REVIEW_STATES[s] for s in states)) if states else None,
        yes_no(_review_late(now, contact_within), f.overdue),
        Review.at < f.contact_due_before - contact_within if f.contact_due_before else None,
        yes_no(Review.at > now - revise_within, f.revisable),
        Review.at < f.revise_by_before - revise_within if f.revise_by_before else None,
        Order.customer_id == f.customer_id if f.customer_id else None,
        text_search(
            f.q,
            exact=[Review.id, Review.order_id],
            partial=[Customer.nick, Customer.name, Review.text],
        ),
    ]


def review_page(
    db: Session,
    f: ReviewFilters,
    *,
    now: dt.datetime,
    windows: tuple[dt.timedelta, dt.timedelta],
    params: PageParams,
) -> tuple[list[Any], int]:
    query = narrow(_reviews(), *_review_filters(f, now, windows))
    sorts = {
        "contact_due_at": Review.at,
        "revise_by": Review.at,
        "created_at": Review.at,
        "rating": Review.rating,
    }
    return fetch_page(db, order_by(query, params.sort, sorts, [Review.at, Review.id]), params)


def review_counts(
    db: Session,
    f: ReviewFilters,
    *,
    now: dt.datetime,
    windows: tuple[dt.timedelta, dt.timedelta],
) -> dict[str, tuple[int, int]]:
    """Pending and handled reviews the other filters match, and the late ones."""
    query = narrow(_reviews(), *_review_filters(f, now, windows, by_status=False))
    late = _review_late(now, windows[0])
    found = _count_by(db, query, Review.handled_at.is_(None), late)
    return {"pending" if pending else "handled": counts for pending, counts in found.items()}


def agent_names(db: Session, agent_ids: set[str]) -> dict[str, str]:
    if not agent_ids:
        return {}
    query = select(Agent.id, Agent.name).where(Agent.id.in_(agent_ids))
    return {agent_id: name for agent_id, name in db.execute(query)}


def complaint_stats(
    db: Session, start: dt.datetime, end: dt.datetime, now: dt.datetime
) -> list[tuple[str, int, int, int, int]]:
    """Per category of complaints opened in [start, end): (category, all, resolved,
    resolved by the promised time, open past it)."""
    done = Complaint.resolved_at.is_not(None)
    on_time = done & (Complaint.resolved_at <= Complaint.promised_by)
    late = Complaint.resolved_at.is_(None) & (Complaint.promised_by < now)
    query = (
        select(
            Complaint.category,
            func.count(),
            func.sum(case((done, 1), else_=0)),
            func.sum(case((on_time, 1), else_=0)),
            func.sum(case((late, 1), else_=0)),
        )
        .where(Complaint.opened_at >= start, Complaint.opened_at < end)
        .group_by(Complaint.category)
    )
    return [
        (category, total, int(done or 0), int(kept or 0), int(over or 0))
        for category, total, done, kept, over in db.execute(query)
    ]

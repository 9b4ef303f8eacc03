"""Every query of the customer domain."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Text, case, cast, func, or_, select, union_all, update
from sqlalchemy.orm import Session, selectinload

from kefu.crm.schemas import CustomerFilters
from kefu.kit.filters import LIKE_ESCAPE, contains, narrow, text_search, yes_no
from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import (
    ChatSession,
    Complaint,
    Customer,
    CustomerEvent,
    CustomerMerge,
    Order,
    PhoneCall,
    Refund,
    Review,
    Segment,
)


def get(db: Session, customer_id: str) -> Customer | None:
    return db.get(Customer, customer_id)


def display_names(db: Session, customer_ids: list[str]) -> dict[str, str]:
    """Nick, else name, else the id, of each customer; in chunks (SQL parameter limits)."""
    found: dict[str, str] = {}
    for first in range(0, len(customer_ids), 500):
        query = select(Customer.id, Customer.nick, Customer.name).where(
            Customer.id.in_(customer_ids[first : first + 500])
        )
        found.update({c: nick or name or c for c, nick, name in db.execute(query)})
    return found


def by_email(db: Session, email: str) -> Customer | None:
    return db.scalar(select(Customer).where(Customer.email == email).limit(1))


def add(db: Session, row: Customer | PhoneCall | CustomerMerge | Segment) -> None:
    db.add(row)
    db.flush()


def with_phone_ending(db: Session, suffix: str) -> list[Customer]:
    """Customers whose stored number ends in ``suffix`` (numbers are stored as typed)."""
    pattern = "%" + suffix.replace("%", "").replace("_", "")
    query = select(Customer).where(Customer.phone.like(pattern), Customer.merged_into_id.is_(None))
    return list(db.scalars(query.order_by(Customer.id)))


def get_call(db: Session, call_id: str) -> PhoneCall | None:
    return db.get(PhoneCall, call_id)


def calls_of(db: Session, customer_id: str, limit: int) -> list[PhoneCall]:
    query = select(PhoneCall).where(PhoneCall.customer_id == customer_id)
    return list(db.scalars(query.order_by(PhoneCall.at.desc()).limit(limit)))


def sessions_of(db: Session, customer_id: str, limit: int) -> list[ChatSession]:
    query = select(ChatSession).where(ChatSession.customer_id == customer_id)
    return list(db.scalars(query.order_by(ChatSession.opened_at.desc()).limit(limit)))


def add_event(db: Session, row: CustomerEvent) -> None:
    db.add(row)
    db.flush()


def events_of(db: Session, customer_id: str, limit: int) -> list[CustomerEvent]:
    query = select(CustomerEvent).where(CustomerEvent.customer_id == customer_id)
    query = query.order_by(CustomerEvent.at.desc(), CustomerEvent.id.desc()).limit(limit)
    return list(db.scalars(query))


def orders_of(db: Session, customer_id: str) -> list[Order]:
    query = select(Order).options(selectinload(Order.items)).where(Order.customer_id == customer_id)
    return list(db.scalars(query.order_by(Order.created_at.desc())))


def refunds_of(db: Session, customer_id: str, limit: int) -> list[Refund]:
    return _through_orders(db, Refund, Refund.requested_at, customer_id, limit)


def reviews_of(db: Session, customer_id: str, limit: int) -> list[Review]:
    return _through_orders(db, Review, Review.at, customer_id, limit)


def _through_orders(
    db: Session, model: type[Any], at: Any, customer_id: str, limit: int
) -> list[Any]:
    """Rows that belong to a customer through their orders, newest first."""
    query = (
        select(model)
        .join(Order, Order.id == model.order_id)
        .where(Order.customer_id == customer_id)
        .order_by(at.desc())
        .limit(limit)
    )
    return list(db.scalars(query))


def complaints_of(db: Session, customer_id: str, limit: int) -> list[Complaint]:
    query = select(Complaint).where(Complaint.customer_id == customer_id)
    return list(db.scalars(query.order_by(Complaint.opened_at.desc()).limit(limit)))


def merged_into(db: Session, customer_id: str) -> list[Customer]:
    return list(db.scalars(select(Customer).where(Customer.merged_into_id == customer_id)))


def merges_of(db: Session, customer_id: str) -> list[CustomerMerge]:
    query = select(CustomerMerge).where(
        or_(CustomerMerge.kept_id == customer_id, CustomerMerge.merged_id == customer_id)
    )
    return list(db.scalars(query.order_by(CustomerMerge.at.desc())))


def _tag_in(tag: str) -> ColumnElement[bool]:
    """The JSON list of tags holds ``tag`` (stored with or without escaped non-ASCII)."""
    tags = cast(Customer.tags, Text)
    return or_(
        *(
            tags.like(contains(json.dumps(tag, ensure_ascii=ascii)), escape=LIKE_ESCAPE)
            for ascii in (True, False)
        )
    )


def _customer_search(text: str | None) -> ColumnElement[bool] | None:
    found = text_search(
        text, exact=[Customer.id, Customer.phone], partial=[Customer.nick, Customer.name]
    )
    if found is None or text is None:
        return None
    text = text.strip()
    buyer_of = select(Order.customer_id).where(Order.id == text)
    return or_(found, Customer.email == text.lower(), Customer.id.in_(buyer_of))


def _open_case(open_refund_states: tuple[str, ...]) -> ColumnElement[bool]:
    """An open refund, an unresolved complaint, or a medium or bad review not handled."""
    refund = (
        select(Refund.id)
        .join(Order, Order.id == Refund.order_id)
        .where(Order.customer_id == Customer.id, Refund.status.in_(open_refund_states))
    )
    complaint = select(Complaint.id).where(
        Complaint.customer_id == Customer.id, Complaint.resolved_at.is_(None)
    )
    review = (
        select(Review.id)
        .join(Order, Order.id == Review.order_id)
        .where(
            Order.customer_id == Customer.id,
            Review.rating.in_(("medium", "bad")),
            Review.handled_at.is_(None),
        )
    )
    return or_(*(q.correlate(Customer).exists() for q in (refund, complaint, review)))


def customer_page(
    db: Session,
    f: CustomerFilters,
    *,
    only_ids: list[str] | None,
    spent_states: tuple[str, ...],
    open_refund_states: tuple[str, ...],
    params: PageParams,
) -> tuple[list[Any], int]:
    """Customers with what they bought (orders in ``spent_states``, paid), their last
    contact and whether a case is open; ``only_ids``: the segment or RFM classes asked for."""
    bought = Order.paid_at.is_not(None) & Order.status.in_(spent_states)
    orders = (
        select(
            Order.customer_id,
            func.max(case((bought, Order.paid_at))).label("last_order_at"),
            func.sum(case((bought, Order.amount), else_=0)).label("spent"),
            func.sum(case((bought, 1), else_=0)).label("order_count"),
        )
        .group_by(Order.customer_id)
        .subquery()
    )
    contacts = union_all(
        select(ChatSession.customer_id, ChatSession.opened_at.label("at")),
        select(PhoneCall.customer_id, PhoneCall.at),
    ).subquery()
    contacted = (
        select(contacts.c.customer_id, func.max(contacts.c.at).label("at"))
        .group_by(contacts.c.customer_id)
        .subquery()
    )
    open_case = _open_case(open_refund_states)
    spent = func.coalesce(orders.c.spent, 0)
    query = narrow(
        select(
            Customer,
            func.coalesce(orders.c.order_count, 0),
            spent,
            orders.c.last_order_at,
            contacted.c.at,
            open_case,
        )
        .outerjoin(orders, orders.c.customer_id == Customer.id)
        .outerjoin(contacted, contacted.c.customer_id == Customer.id),
        _customer_search(f.q),
        Customer.id.in_(only_ids) if only_ids is not None else None,
        _tag_in(f.tag) if f.tag else None,
        Customer.vip_level.in_(f.vip_level) if f.vip_level else None,
        yes_no(open_case, f.has_open_case),
        yes_no(Customer.merged_into_id.is_not(None), f.merged),
    )
    sorts = {
        "last_order": orders.c.last_order_at,
        "total_spent": spent,
        "last_contact": contacted.c.at,
        "nick": Customer.nick,
    }
    default = [Customer.merged_into_id.is_not(None), Customer.nick.asc().nulls_last(), Customer.id]
    return fetch_page(db, order_by(query, params.sort, sorts, default), params)


def reassign(db: Session, model: type[Any], *, from_id: str, to_id: str) -> list[Any]:
    """Give every row of ``model`` that belongs to one customer to another; their ids."""
    ids = list(db.scalars(select(model.id).where(model.customer_id == from_id)))
    reassign_ids(db, model, ids, to_id=to_id)
    return ids


def reassign_ids(db: Session, model: type[Any], ids: list[Any], *, to_id: str) -> None:
    db.flush()  # bulk updates bypass the unit of work: write what is pending first
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        db.execute(
            update(model).where(model.id.in_(chunk)).values(customer_id=to_id),
            execution_options={"synchronize_session": False},
        )
    db.expire_all()


def merge(db: Session, merge_id: str) -> CustomerMerge | None:
    return db.get(CustomerMerge, merge_id)


def active_customers(db: Session) -> list[Customer]:
    """Every profile not merged into another."""
    return list(db.scalars(select(Customer).where(Customer.merged_into_id.is_(None))))


def latest_regions(db: Session) -> list[tuple[str, str | None, str | None]]:
    """Province and city of each customer's latest order that has them."""
    latest = (
        select(Order.customer_id, func.max(Order.created_at).label("at"))
        .where(Order.province.is_not(None))
        .group_by(Order.customer_id)
        .subquery()
    )
    query = select(Order.customer_id, Order.province, Order.city).join(
        latest, (latest.c.customer_id == Order.customer_id) & (latest.c.at == Order.created_at)
    )
    return [(c, p, city) for c, p, city in db.execute(query)]


def paid_orders(db: Session) -> list[tuple[str, dt.datetime, Decimal]]:
    """Orders that count as bought (paid; not closed or refunded): customer, paid time, amount."""
    query = select(Order.customer_id, Order.paid_at, Order.amount).where(
        Order.paid_at.is_not(None), Order.status.in_(("paid", "shipped", "delivered"))
    )
    return [(c, at, amount) for c, at, amount in db.execute(query)]


def last_contacts(db: Session) -> list[tuple[str, dt.datetime]]:
    chats = select(ChatSession.customer_id, func.max(ChatSession.opened_at)).group_by(
        ChatSession.customer_id
    )
    calls = select(PhoneCall.customer_id, func.max(PhoneCall.at)).group_by(PhoneCall.customer_id)
    return [(c, at) for query in (chats, calls) for c, at in db.execute(query) if at]


def segment(db: Session, segment_id: str) -> Segment | None:
    return db.get(Segment, segment_id)


def segment_by_name(db: Session, name: str) -> Segment | None:
    return db.scalar(select(Segment).where(Segment.name == name))


def segments(db: Session) -> list[Segment]:
    return list(db.scalars(select(Segment).order_by(Segment.name)))


SEGMENT_SORTS: dict[str, ColumnElement[Any]] = {
    "name": Segment.name,
    "updated_at": Segment.updated_at,
}


def segment_page(db: Session, *, text: str | None, params: PageParams) -> tuple[list[Segment], int]:
    query = select(Segment)
    if text and text.strip():
        query = query.where(Segment.name.icontains(text.strip(), autoescape=True))
    query = order_by(query, params.sort, SEGMENT_SORTS, (Segment.name, Segment.id))
    rows, total = fetch_page(db, query, params)
    return [row[0] for row in rows], total


def known_tags(db: Session) -> list[str]:
    """Every tag some active customer has, for the segment editor's suggestions."""
    query = select(Customer.tags).where(
        Customer.merged_into_id.is_(None), Customer.tags.is_not(None)
    )
    return sorted({tag for tags in db.scalars(query) for tag in tags or () if tag})


def known_regions(db: Session) -> list[str]:
    """Provinces and cities that orders were sent to, for the segment editor's suggestions."""
    found: set[str] = set()
    for column in (Order.province, Order.city):
        found.update(r for r in db.scalars(select(column).where(column.is_not(None)).distinct()))
    return sorted(r for r in found if r)

"""Every query of the order domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload
from sqlalchemy.sql.elements import ColumnElement

from kefu.kit.filters import narrow, yes_no
from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import (
    Customer,
    Invoice,
    Order,
    OrderEvent,
    OrderItem,
    Product,
    Refund,
    RemarkFlag,
    Reship,
    Task,
    TrackingEvent,
)
from kefu.order.schemas import OrderFilters


def recent_for_customer(db: Session, customer_id: str, limit: int) -> list[Order]:
    query = (
        select(Order)
        .options(selectinload(Order.items))
        .where(Order.customer_id == customer_id)
        .order_by(Order.created_at.desc())
        .limit(limit)
    )
    return list(db.scalars(query))


def open_for_customer(db: Session, customer_id: str, statuses: tuple[str, ...]) -> list[Order]:
    query = (
        select(Order)
        .options(selectinload(Order.items))
        .where(Order.customer_id == customer_id, Order.status.in_(statuses))
        .order_by(Order.created_at.desc(), Order.id)
    )
    return list(db.scalars(query))


def latest_tracking(db: Session, order_id: str) -> TrackingEvent | None:
    query = (
        select(TrackingEvent)
        .where(TrackingEvent.order_id == order_id)
        .order_by(TrackingEvent.at.desc(), TrackingEvent.id.desc())
        .limit(1)
    )
    return db.scalar(query)


def product_titles(db: Session, product_ids: set[str]) -> dict[str, str]:
    query = select(Product.id, Product.title).where(Product.id.in_(product_ids))
    return {product_id: title for product_id, title in db.execute(query)}


def titles_by_order(db: Session, order_ids: set[str]) -> dict[str, list[str]]:
    query = (
        select(OrderItem.order_id, func.coalesce(Product.title, OrderItem.product_id))
        .outerjoin(Product, Product.id == OrderItem.product_id)
        .where(OrderItem.order_id.in_(order_ids))
        .order_by(OrderItem.order_id, OrderItem.line_no)
    )
    titles: dict[str, list[str]] = {}
    for order_id, title in db.execute(query):
        titles.setdefault(order_id, []).append(title)
    return titles


def tracking_event(
    db: Session, order_id: str, at: dt.datetime, status: str
) -> TrackingEvent | None:
    query = select(TrackingEvent).where(
        TrackingEvent.order_id == order_id, TrackingEvent.at == at, TrackingEvent.status == status
    )
    return db.scalar(query)


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def delivered_between(db: Session, start: dt.datetime, end: dt.datetime) -> list[Order]:
    query = (
        select(Order)
        .where(Order.delivered_at >= start, Order.delivered_at < end)
        .order_by(Order.delivered_at, Order.id)
    )
    return list(db.scalars(query))


def first_product(db: Session, order_id: str) -> str | None:
    query = select(OrderItem.product_id).where(OrderItem.order_id == order_id)
    return db.scalar(query.order_by(OrderItem.line_no).limit(1))


def unpaid_created_before(db: Session, before: dt.datetime) -> list[Order]:
    query = select(Order).where(Order.status == "unpaid", Order.created_at <= before)
    return list(db.scalars(query.order_by(Order.created_at, Order.id)))


def unpaid_created_between(db: Session, start: dt.datetime, end: dt.datetime) -> list[Order]:
    """Unpaid orders paid in advance (not COD) placed in [start, end), biggest first."""
    query = select(Order).where(
        Order.status == "unpaid",
        Order.cod.is_(False),
        Order.created_at >= start,
        Order.created_at < end,
    )
    return list(db.scalars(query.order_by(Order.amount.desc(), Order.created_at, Order.id)))


def ids_in_status(db: Session, statuses: tuple[str, ...]) -> list[str]:
    return list(db.scalars(select(Order.id).where(Order.status.in_(statuses))))


def cod_not_shipped(db: Session) -> list[Order]:
    query = select(Order).where(Order.cod.is_(True), Order.status.in_(("unpaid", "paid")))
    return list(db.scalars(query.order_by(Order.created_at, Order.id)))


def shipped_between(db: Session, start: dt.datetime, end: dt.datetime) -> list[Order]:
    query = select(Order).where(Order.shipped_at >= start, Order.shipped_at < end)
    return list(db.scalars(query.order_by(Order.shipped_at, Order.id)))


def order(db: Session, order_id: str) -> Order | None:
    query = select(Order).options(selectinload(Order.items)).where(Order.id == order_id)
    return db.scalar(query)


def by_tracking_no(db: Session, tracking_no: str) -> Order | None:
    return db.scalar(select(Order).where(Order.tracking_no == tracking_no).limit(1))


def lost_between(
    db: Session, start: dt.datetime, end: dt.datetime
) -> list[tuple[Order, TrackingEvent]]:
    query = (
        select(Order, TrackingEvent)
        .join(TrackingEvent, TrackingEvent.order_id == Order.id)
        .where(TrackingEvent.status == "lost", TrackingEvent.at >= start, TrackingEvent.at < end)
        .order_by(Order.courier, TrackingEvent.at)
    )
    return [(o, e) for o, e in db.execute(query)]


def _matching(text: str | None) -> ColumnElement[bool] | None:
    """Orders by order id, tracking number, receiver's phone, or the buyer's id,
    phone or nickname (each exactly)."""
    text = (text or "").strip()
    if not text:
        return None
    owners = select(Customer.id).where(
        or_(Customer.phone == text, Customer.nick == text, Customer.id == text)
    )
    return or_(
        Order.id == text,
        Order.tracking_no == text,
        Order.receiver_phone == text,
        Order.customer_id.in_(owners),
    )


def order_page(
    db: Session,
    f: OrderFilters,
    *,
    paid_between: tuple[dt.datetime | None, dt.datetime | None],
    exception_kind: str,
    params: PageParams,
) -> tuple[list[Any], int]:
    """Orders with their buyer and the colour of the flag in force; ``paid_between``
    is [from, to), ``exception_kind`` the task kind of an open logistics exception."""
    flag = (
        select(RemarkFlag.colour)
        .where(RemarkFlag.order_id == Order.id)
        .order_by(RemarkFlag.created_at.desc(), RemarkFlag.id.desc())
        .limit(1)
        .correlate(Order)
        .scalar_subquery()
    )
    exception = exists().where(
        Task.order_id == Order.id, Task.kind == exception_kind, Task.status == "open"
    )
    paid_from, paid_to = paid_between
    query = narrow(
        select(Order, Customer.nick, Customer.name, flag).join(
            Customer, Customer.id == Order.customer_id
        ),
        Order.status.in_(f.status) if f.status else None,
        flag.in_(f.flag) if f.flag else None,
        Order.paid_at >= paid_from if paid_from else None,
        Order.paid_at < paid_to if paid_to else None,
        yes_no(exception, f.exception),
        Order.cod == f.cod if f.cod is not None else None,
        Order.customer_id == f.customer_id if f.customer_id else None,
        _matching(f.q),
    )
    sorts = {
        "created_at": Order.created_at,
        "paid_at": Order.paid_at,
        "ship_by": Order.paid_at,  # the ship-by day follows the payment time
        "amount": Order.amount,
    }
    default = [Order.created_at.desc(), Order.id.desc()]
    return fetch_page(db, order_by(query, params.sort, sorts, default), params)


def tracking_of(db: Session, order_id: str) -> list[TrackingEvent]:
    query = select(TrackingEvent).where(TrackingEvent.order_id == order_id)
    return list(db.scalars(query.order_by(TrackingEvent.at, TrackingEvent.id)))


def refunds_of(db: Session, order_id: str) -> list[Refund]:
    return list(db.scalars(select(Refund).where(Refund.order_id == order_id)))


def flags_of(db: Session, order_id: str) -> list[RemarkFlag]:
    query = select(RemarkFlag).where(RemarkFlag.order_id == order_id)
    return list(db.scalars(query.order_by(RemarkFlag.created_at, RemarkFlag.id)))


def events_of(db: Session, order_id: str) -> list[OrderEvent]:
    query = select(OrderEvent).where(OrderEvent.order_id == order_id)
    return list(db.scalars(query.order_by(OrderEvent.at, OrderEvent.id)))


def paid_unshipped(db: Session) -> list[Order]:
    query = select(Order).options(selectinload(Order.items)).where(Order.status == "paid")
    return list(db.scalars(query.order_by(Order.paid_at, Order.id)))


def in_transit_with_latest_scan(db: Session) -> list[tuple[Order, TrackingEvent | None]]:
    """Shipped orders, each with its latest courier scan (or none), in one query."""
    ranked = select(
        TrackingEvent.id,
        func.row_number()
        .over(
            partition_by=TrackingEvent.order_id,
            order_by=(TrackingEvent.at.desc(), TrackingEvent.id.desc()),
        )
        .label("rank"),
    ).subquery()
    latest = (
        select(TrackingEvent)
        .join(ranked, (ranked.c.id == TrackingEvent.id) & (ranked.c.rank == 1))
        .subquery()
    )
    scan = aliased(TrackingEvent, latest)
    query = (
        select(Order, scan)
        .outerjoin(scan, scan.order_id == Order.id)
        .where(Order.status == "shipped")
        .order_by(Order.id)
    )
    return [(order, event) for order, event in db.execute(query)]


def buyer_nicks_and_names(
    db: Session, customer_ids: set[str]
) -> dict[str, tuple[str | None, str | None]]:
    query = select(Customer.id, Customer.nick, Customer.name).where(Customer.id.in_(customer_ids))
    return {customer_id: (nick, name) for customer_id, nick, name in db.execute(query)}


def latest_flags(db: Session, order_ids: set[str]) -> dict[str, RemarkFlag]:
    """The flag in force of each order (its newest version)."""
    query = select(RemarkFlag).where(RemarkFlag.order_id.in_(order_ids))
    found: dict[str, RemarkFlag] = {}
    for flag in db.scalars(query.order_by(RemarkFlag.created_at, RemarkFlag.id)):
        found[flag.order_id] = flag
    return found


def events_of_kinds(
    db: Session, order_ids: set[str], kinds: tuple[str, ...]
) -> dict[str, list[OrderEvent]]:
    query = select(OrderEvent).where(OrderEvent.order_id.in_(order_ids), OrderEvent.kind.in_(kinds))
    found: dict[str, list[OrderEvent]] = {}
    for event in db.scalars(query.order_by(OrderEvent.at, OrderEvent.id)):
        found.setdefault(event.order_id, []).append(event)
    return found


def live_invoices(db: Session, order_ids: set[str]) -> dict[str, Invoice]:
    """Each order's invoice that is not rejected."""
    query = select(Invoice).where(Invoice.order_id.in_(order_ids), Invoice.status != "rejected")
    return {invoice.order_id: invoice for invoice in db.scalars(query)}


def reship_origins(db: Session, order_ids: set[str]) -> dict[str, str]:
    """For the 补发 orders among ``order_ids``: the original order's id."""
    query = select(Reship.order_id, Reship.original_order_id).where(Reship.order_id.in_(order_ids))
    return {order_id: original for order_id, original in db.execute(query)}


def orders_with_items(db: Session, order_ids: list[str]) -> list[Order]:
    query = select(Order).options(selectinload(Order.items)).where(Order.id.in_(order_ids))
    return list(db.scalars(query.order_by(Order.paid_at, Order.id)))


def has_free_lines(db: Session, order_id: str) -> bool:
    query = select(OrderItem.id).where(OrderItem.order_id == order_id, OrderItem.price == 0)
    return db.scalar(query.limit(1)) is not None

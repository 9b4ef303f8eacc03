"""Order facts for the workbench."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kit.errors import found
from kefu.models import Order, OrderEvent, OrderItem, TrackingEvent
from kefu.models.order import TrackingStatus
from kefu.order import repository


def recent_orders(db: Session, *, customer_id: str, limit: int = 10) -> list[Order]:
    return repository.recent_for_customer(db, customer_id, limit)


def orders_in_status(db: Session, *, customer_id: str, statuses: tuple[str, ...]) -> list[Order]:
    """The customer's own orders in these states, newest first (never anyone else's)."""
    return repository.open_for_customer(db, customer_id, statuses)


def latest_tracking(db: Session, *, order: Order) -> TrackingEvent | None:
    return repository.latest_tracking(db, order.id)


def order_title(db: Session, *, order: Order) -> str:
    """What a buyer calls the order: its first item's title, and how many more."""
    titles = repository.product_titles(db, {item.product_id for item in order.items})
    names = [titles.get(item.product_id, item.product_id) for item in order.items]
    return items_summary(names) or order.id


def order_lines(db: Session, *, order: Order) -> list[dict[str, Any]]:
    """The order's lines as a person reads them: product title, quantity, unit price."""
    titles = repository.product_titles(db, {item.product_id for item in order.items})
    return [
        {
            "line_no": item.line_no,
            "product_id": item.product_id,
            "title": titles.get(item.product_id, item.product_id),
            "qty": item.qty,
            "price": str(item.price) if item.price is not None else None,
        }
        for item in sorted(order.items, key=lambda item: item.line_no)
    ]


def items_summary(names: list[str]) -> str | None:
    """``连衣裙`` or ``连衣裙 等 3 件``; None for an order without lines."""
    if not names:
        return None
    return names[0] if len(names) == 1 else f"{names[0]} 等 {len(names)} 件"


def titles_by_order(db: Session, *, order_ids: set[str]) -> dict[str, list[str]]:
    """The product titles of each order's lines, in line order (one query for a page)."""
    return repository.titles_by_order(db, order_ids) if order_ids else {}


def do_record_tracking(
    db: Session,
    *,
    order_id: str,
    at: dt.datetime,
    status: TrackingStatus | str,
    description: str,
    location: str | None = None,
) -> bool:
    """Record one courier scan; the same scan again changes nothing. True if new."""
    status = TrackingStatus(status)
    if repository.tracking_event(db, order_id, at, status.value) is not None:
        return False
    repository.add(
        db,
        TrackingEvent(
            order_id=order_id,
            at=at,
            status=status.value,
            description=description,
            location=location,
        ),
    )
    return True


def delivered_between(db: Session, *, start: dt.datetime, end: dt.datetime) -> list[Order]:
    """Orders delivered in [start, end), oldest first."""
    return repository.delivered_between(db, start, end)


def first_product(db: Session, *, order_id: str) -> str | None:
    return repository.first_product(db, order_id)


def get_order(db: Session, *, order_id: str) -> Order:
    return found(repository.order(db, order_id), "没有这个订单", code="order_not_found")


def do_add_order(db: Session, *, order: Order, items: list[OrderItem]) -> Order:
    """Store an order made inside Kefu (a 补发 order) with its lines."""
    repository.add(db, order)
    for item in items:
        item.order_id = order.id
        repository.add(db, item)
    db.refresh(order, ["items"])
    return order


def do_log(db: Session, *, order_id: str, kind: str, text: str, actor_id: str | None) -> None:
    """A line on the order's timeline from another domain (re-shipping, invoices, notices)."""
    repository.add(
        db,
        OrderEvent(order_id=order_id, at=clock.now(), kind=kind, actor_id=actor_id, text=text),
    )

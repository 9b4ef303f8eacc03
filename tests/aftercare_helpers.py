"""A small shop for the after-care tests: products with and without 三包, a delivered
order of a buyer who has an open chat, and the messages the shop sent them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.chat import service as chat_service
from kefu.models import Message, Order, OrderItem, Product
from kefu.order import service as order_service
from tests.chat_helpers import buyer

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    """A moment in the shop's zone (Asia/Shanghai) in 2026."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class Shop:
    customer_id: str
    session_id: str
    order_id: str


def add_products(db: Session) -> None:
    db.add_all(
        [
            Product(id="kettle", title="电热水壶", price=Decimal("129.00"), warranty_days=7),
            Product(id="filter", title="滤芯", price=Decimal("39.00")),
            Product(id="mug", title="保温杯", price=Decimal("59.00"), warranty_days=365),
        ]
    )
    db.flush()


def add_order(
    db: Session,
    *,
    order_id: str,
    customer_id: str,
    products: list[str],
    paid_at: dt.datetime,
    delivered_at: dt.datetime | None = None,
) -> Order:
    order = Order(
        id=order_id,
        customer_id=customer_id,
        status="delivered" if delivered_at else "paid",
        amount=Decimal("100.00"),
        created_at=paid_at,
        paid_at=paid_at,
        delivered_at=delivered_at,
        courier="中通",
        tracking_no=f"ZT{order_id}",
    )
    db.add(order)
    db.flush()
    for line_no, product_id in enumerate(products, start=1):
        db.add(OrderItem(order_id=order_id, line_no=line_no, product_id=product_id, qty=1))
    db.flush()
    db.expire(order)
    return order_service.get_order(db, order_id=order_id)  # with its lines


def shop_with_chat(db: Session, *, now: dt.datetime) -> Shop:
    """Products, a buyer chatting now, and their order delivered at ``now`` minus a day."""
    add_products(db)
    customer = buyer(db)
    sent = chat_service.do_buyer_send(db, customer_id=customer, client_id="hi", text="水壶坏了")
    add_order(
        db,
        order_id="o1",
        customer_id=customer,
        products=["kettle", "filter"],
        paid_at=now - dt.timedelta(days=3),
        delivered_at=now - dt.timedelta(days=1),
    )
    return Shop(customer_id=customer, session_id=sent.session_id, order_id="o1")


def told(db: Session, session_id: str) -> list[str]:
    """What the shop itself (system messages) said in the chat, oldest first."""
    query = select(Message.text).where(Message.session_id == session_id, Message.sender == "system")
    return list(db.scalars(query.order_by(Message.seq)))

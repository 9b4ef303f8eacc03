"""A small shop for the re-shipping, invoice and order-review tests: one buyer, two
products, staff of each role, and orders in the states a test asks for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kefu.models import Agent, Customer, Order, OrderItem, Product
from kefu.models.team import Role
from tests.factories import add_agents

SHANGHAI = ZoneInfo("Asia/Shanghai")
T = dt.datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
VALID_CODE = "91350100M000100Y43"  # a unified social credit code with a right check digit


def staff(session: Session) -> dict[str, Agent]:
    return add_agents(
        session,
        {"mei": Role.aftersale, "chen": Role.order_review, "boss": Role.supervisor},
    )


def buyer(session: Session, customer_id: str = "c1", nick: str = "tb_lulu") -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        customer = Customer(id=customer_id, nick=nick, vip_level=0, marketing_opt_out=False)
        session.add(customer)
        if session.get(Product, "p1") is None:
            session.add_all([Product(id="p1", title="卫衣"), Product(id="p2", title="围巾")])
        session.flush()
    return customer


def order(
    session: Session,
    order_id: str = "o1",
    *,
    status: str = "shipped",
    customer_id: str = "c1",
    paid_at: dt.datetime = T,
    gift: bool = False,
) -> Order:
    """¥199 for 2 卫衣 (line 1) and, with ``gift``, a free 围巾 (line 2)."""
    buyer(session, customer_id)
    row = Order(
        id=order_id,
        customer_id=customer_id,
        status=status,
        amount=Decimal("199.00"),
        cod=False,
        created_at=paid_at,
        paid_at=paid_at,
        shipped_at=paid_at + dt.timedelta(hours=5) if status in ("shipped", "delivered") else None,
        courier="中通快递",
        tracking_no="ZT100" if status in ("shipped", "delivered") else None,
        receiver_name="王丽",
        receiver_phone="13900000000",
        address="江苏省南京市鼓楼区中山路1号",
        province="江苏省",
    )
    session.add(row)
    session.flush()
    session.add(
        OrderItem(order_id=order_id, line_no=1, product_id="p1", qty=2, price=Decimal("99.50"))
    )
    if gift:
        session.add(
            OrderItem(order_id=order_id, line_no=2, product_id="p2", qty=1, price=Decimal("0"))
        )
    session.flush()
    session.refresh(row, ["items"])
    return row

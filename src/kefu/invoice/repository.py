"""Every query of invoices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.kit.filters import narrow, text_search, yes_no
from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import Customer, Invoice, Order

OPEN = ("requested", "issued")


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def invoice(db: Session, invoice_id: str) -> Invoice | None:
    return db.get(Invoice, invoice_id)


def live_for_order(db: Session, order_id: str) -> Invoice | None:
    """The order's invoice that is not rejected (an order has at most one)."""
    query = select(Invoice).where(Invoice.order_id == order_id, Invoice.status != "rejected")
    return db.scalar(query.limit(1))


def of_customer(db: Session, customer_id: str, limit: int) -> list[Invoice]:
    query = select(Invoice).where(Invoice.customer_id == customer_id)
    return list(db.scalars(query.order_by(Invoice.requested_at.desc(), Invoice.id).limit(limit)))


def invoice_page(
    db: Session,
    *,
    statuses: list[str],
    overdue: bool | None,
    order_id: str | None,
    q: str | None,
    now: dt.datetime,
    params: PageParams,
) -> tuple[list[Any], int]:
    late = Invoice.status.in_(OPEN) & (Invoice.due_at < now)
    query = narrow(
        select(Invoice, Order.amount, Customer.nick, Customer.name)
        .join(Order, Order.id == Invoice.order_id)
        .join(Customer, Customer.id == Invoice.customer_id),
        Invoice.status.in_(statuses) if statuses else None,
        yes_no(late, overdue),
        Invoice.order_id == order_id if order_id else None,
        text_search(
            q,
            exact=[Invoice.order_id, Invoice.number, Invoice.tax_id],
            partial=[Invoice.title, Customer.nick],
        ),
    )
    sorts = {"due_at": Invoice.due_at, "requested_at": Invoice.requested_at}
    default = [Invoice.due_at, Invoice.id]
    return fetch_page(db, order_by(query, params.sort, sorts, default), params)

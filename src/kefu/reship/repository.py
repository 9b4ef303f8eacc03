"""Every query of re-shipping and intercepts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from kefu.kit.filters import narrow, text_search
from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import Customer, Intercept, Order, Reship


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def count_for_original(db: Session, original_order_id: str) -> int:
    query = select(func.count()).where(Reship.original_order_id == original_order_id)
    return db.scalar(query) or 0


def reship_page(
    db: Session, *, reasons: list[str], statuses: list[str], q: str | None, params: PageParams
) -> tuple[list[Any], int]:
    """Re-shipments with their own order and the buyer's nick and name."""
    query = narrow(
        select(Reship, Order, Customer.nick, Customer.name)
        .join(Order, Order.id == Reship.order_id)
        .join(Customer, Customer.id == Order.customer_id),
        Reship.reason.in_(reasons) if reasons else None,
        Order.status.in_(statuses) if statuses else None,
        text_search(
            q,
            exact=[Reship.order_id, Reship.original_order_id, Order.tracking_no, Customer.phone],
            partial=[Customer.nick, Customer.name],
        ),
    )
    sorts = {"created_at": Reship.created_at, "freight": Reship.freight}
    default = [Reship.created_at.desc(), Reship.id.desc()]
    return fetch_page(db, order_by(query, params.sort, sorts, default), params)


def reships_of_customer(db: Session, customer_id: str, limit: int) -> list[tuple[Reship, Order]]:
    query = (
        select(Reship, Order)
        .join(Order, Order.id == Reship.order_id)
        .options(selectinload(Order.items))
        .where(Order.customer_id == customer_id)
        .order_by(Reship.created_at.desc(), Reship.id.desc())
        .limit(limit)
    )
    return [(reship, order) for reship, order in db.execute(query)]


def reships_of_original(db: Session, original_order_id: str) -> list[Reship]:
    query = select(Reship).where(Reship.original_order_id == original_order_id)
    return list(db.scalars(query.order_by(Reship.created_at, Reship.id)))


def reship_by_order(db: Session, order_id: str) -> Reship | None:
    return db.scalar(select(Reship).where(Reship.order_id == order_id))


def reship(db: Session, reship_id: str) -> Reship | None:
    return db.get(Reship, reship_id)


def reships_between(db: Session, start: dt.datetime, end: dt.datetime) -> list[Reship]:
    query = select(Reship).where(Reship.created_at >= start, Reship.created_at < end)
    return list(db.scalars(query.order_by(Reship.created_at, Reship.id)))


def intercept_page(
    db: Session, *, statuses: list[str], q: str | None, params: PageParams
) -> tuple[list[Any], int]:
    buyer = aliased(Customer)
    query = narrow(
        select(Intercept, Order, buyer.nick, buyer.name)
        .join(Order, Order.id == Intercept.order_id)
        .join(buyer, buyer.id == Order.customer_id),
        Intercept.status.in_(statuses) if statuses else None,
        text_search(q, exact=[Intercept.order_id, buyer.phone], partial=[buyer.nick]),
    )
    sorts = {"requested_at": Intercept.requested_at, "due_at": Intercept.due_at}
    default = [Intercept.due_at, Intercept.id]
    return fetch_page(db, order_by(query, params.sort, sorts, default), params)


def intercept(db: Session, intercept_id: str) -> Intercept | None:
    return db.get(Intercept, intercept_id)

"""Every query of the selling help."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, aliased

from kefu.models import Order, OrderItem, PageView, Product
from kefu.models.order import OrderStatus

KEEP_PER_VIEWER = 50  # older views of one viewer are dropped


def bought_together(db: Session, product_id: str, limit: int) -> list[Any]:
    """Products in the same orders as ``product_id``, by how many orders had both."""
    mine, other = aliased(OrderItem), aliased(OrderItem)
    orders = func.count(func.distinct(other.order_id)).label("count")
    query = (
        select(Product, orders)
        .select_from(mine)
        .join(other, (other.order_id == mine.order_id) & (other.product_id != mine.product_id))
        .join(Product, Product.id == other.product_id)
        .where(mine.product_id == product_id)
        .group_by(Product.id)
        .order_by(orders.desc(), Product.id)
        .limit(limit)
    )
    return list(db.execute(query))


def best_sellers(db: Session, since: dt.datetime, limit: int) -> list[Any]:
    """Products by units in orders paid since ``since`` (closed and refunded ones left out)."""
    units = func.sum(OrderItem.qty).label("count")
    query = (
        select(Product, units)
        .join(OrderItem, OrderItem.product_id == Product.id)
        .join(Order, Order.id == OrderItem.order_id)
        .where(
            Order.paid_at >= since, Order.status.not_in([OrderStatus.closed, OrderStatus.refunded])
        )
        .group_by(Product.id)
        .order_by(units.desc(), Product.id)
        .limit(limit)
    )
    return list(db.execute(query))


def add_view(db: Session, view: PageView) -> None:
    db.add(view)
    db.flush()
    stale = (
        select(PageView.id)
        .where(PageView.viewer == view.viewer)
        .order_by(PageView.at.desc(), PageView.id.desc())
        .offset(KEEP_PER_VIEWER)
    )
    db.execute(delete(PageView).where(PageView.id.in_(stale)))


def claim_views(db: Session, viewer: str, customer_id: str) -> int:
    query = (
        update(PageView)
        .where(PageView.viewer == viewer, PageView.customer_id.is_(None))
        .values(customer_id=customer_id)
    )
    return db.execute(query).rowcount or 0


def views_of(db: Session, customer_id: str, limit: int) -> list[Any]:
    query = (
        select(PageView, Product.title)
        .outerjoin(Product, Product.id == PageView.product_id)
        .where(PageView.customer_id == customer_id)
        .order_by(PageView.at.desc(), PageView.id.desc())
        .limit(limit)
    )
    return list(db.execute(query))


def last_viewed_product(db: Session, customer_id: str) -> str | None:
    query = (
        select(PageView.product_id)
        .where(PageView.customer_id == customer_id, PageView.product_id.is_not(None))
        .order_by(PageView.at.desc(), PageView.id.desc())
        .limit(1)
    )
    return db.scalar(query)

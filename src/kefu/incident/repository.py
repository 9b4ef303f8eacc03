"""Every query of the incident-notice domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import Agent, IncidentNotice, IncidentSend, Order, OrderItem

MAX_ORDERS = 5000


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def notice(db: Session, notice_id: str) -> IncidentNotice | None:
    return db.get(IncidentNotice, notice_id)


def affected_orders(
    db: Session,
    *,
    product_id: str | None,
    sku_id: str | None,
    courier: str | None,
    region: str | None,
    statuses: list[str],
    start: dt.datetime | None,
    end: dt.datetime | None,
) -> list[Order]:
    """Orders matching every given condition, by buyer then time (at most MAX_ORDERS)."""
    query = select(Order)
    if product_id or sku_id:
        lines = select(OrderItem.order_id)
        if product_id:
            lines = lines.where(OrderItem.product_id == product_id)
        if sku_id:
            lines = lines.where(OrderItem.sku_id == sku_id)
        query = query.where(Order.id.in_(lines))
    if courier:
        query = query.where(Order.courier == courier)
    if region:
        query = query.where(
            or_(Order.province == region, Order.city == region, Order.address.contains(region))
        )
    if statuses:
        query = query.where(Order.status.in_(statuses))
    if start is not None:
        query = query.where(Order.created_at >= start)
    if end is not None:
        query = query.where(Order.created_at < end)
    query = query.order_by(Order.customer_id, Order.created_at, Order.id).limit(MAX_ORDERS)
    return list(db.scalars(query))


def sends_of(db: Session, notice_id: str) -> dict[str, IncidentSend]:
    rows = db.scalars(select(IncidentSend).where(IncidentSend.notice_id == notice_id))
    return {row.customer_id: row for row in rows}


def due_deferred(db: Session, now: dt.datetime, limit: int) -> list[IncidentSend]:
    query = (
        select(IncidentSend)
        .where(IncidentSend.status == "deferred", IncidentSend.due_at <= now)
        .order_by(IncidentSend.due_at, IncidentSend.id)
        .limit(limit)
    )
    return list(db.scalars(query))


def notice_page(db: Session, *, q: str | None, params: PageParams) -> tuple[list[Any], int]:
    """Notices with their author's name and counts of sends by status."""
    counts = (
        select(
            IncidentSend.notice_id,
            func.sum(case((IncidentSend.status == "sent", 1), else_=0)).label("sent"),
            func.sum(case((IncidentSend.status == "deferred", 1), else_=0)).label("deferred"),
            func.sum(case((IncidentSend.status == "skipped", 1), else_=0)).label("skipped"),
        )
        .group_by(IncidentSend.notice_id)
        .subquery()
    )
    query = (
        select(IncidentNotice, Agent.name, counts.c.sent, counts.c.deferred, counts.c.skipped)
        .join(Agent, Agent.id == IncidentNotice.created_by)
        .outerjoin(counts, counts.c.notice_id == IncidentNotice.id)
    )
    if q and q.strip():
        query = query.where(IncidentNotice.title.contains(q.strip()))
    query = order_by(
        query,
        params.sort,
        {"created_at": IncidentNotice.created_at, "sent_at": IncidentNotice.sent_at},
        [IncidentNotice.created_at.desc(), IncidentNotice.id],
    )
    return fetch_page(db, query, params)

"""The queries of the Team KPIs (kefu.kpi.team). Like the engine's, they read
append-only rows or facts that do not change once set: refund steps, complaints'
owners and resolution, phone calls, the agents' status log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from kefu.kpi.repository import CHUNK
from kefu.models import Agent, Complaint, Order, PhoneCall, Refund, RefundTransition

FINAL_STATES = ("refunded", "exchange_shipped", "rejected", "closed")


def paid_orders(db: Session, start: dt.datetime, end: dt.datetime) -> Row[Any]:
    """How many orders were paid in the period and their sum."""
    query = select(func.count(), func.coalesce(func.sum(Order.amount), 0)).where(
        Order.paid_at >= start, Order.paid_at < end
    )
    return db.execute(query).one()


def returns_on_orders(
    db: Session, start: dt.datetime, end: dt.datetime, order_ids: set[str]
) -> set[str]:
    """Of these orders, those with a return or exchange requested in the period."""
    wanted, found = sorted(order_ids), set()
    for first in range(0, len(wanted), CHUNK):
        query = select(Refund.order_id).where(
            Refund.requested_at >= start,
            Refund.requested_at < end,
            Refund.kind.in_(("return", "exchange")),
            Refund.order_id.in_(wanted[first : first + CHUNK]),
        )
        found.update(db.scalars(query))
    return found


def refunds_handled(db: Session, start: dt.datetime, end: dt.datetime) -> list[Row[Any]]:
    """Refunds requested in the period (``kind, requested_at``) with their handler (the
    agent who owns the case, ``refunds.handler_id``) and when the case first reached a
    final state (``settled_at``, null while open)."""
    settled = (
        select(func.min(RefundTransition.at))
        .where(
            RefundTransition.refund_id == Refund.id,
            RefundTransition.to_status.in_(FINAL_STATES),
        )
        .correlate(Refund)
        .scalar_subquery()
    )
    query = select(
        Refund.kind,
        Refund.requested_at,
        Refund.handler_id.label("handler"),
        settled.label("settled_at"),
    ).where(Refund.requested_at >= start, Refund.requested_at < end)
    return list(db.execute(query))


def complaints_owned(db: Session, start: dt.datetime, end: dt.datetime) -> list[Row[Any]]:
    """Complaints opened in the period that have an owner: ``owner_id, resolved_at``."""
    query = select(Complaint.owner_id, Complaint.resolved_at).where(
        Complaint.opened_at >= start, Complaint.opened_at < end, Complaint.owner_id.is_not(None)
    )
    return list(db.execute(query))


def calls(db: Session, start: dt.datetime, end: dt.datetime) -> list[Row[Any]]:
    """Per agent: calls (inbound and outbound) in the period and their seconds."""
    query = (
        select(PhoneCall.agent_id, func.count(), func.coalesce(func.sum(PhoneCall.duration_s), 0))
        .where(PhoneCall.at >= start, PhoneCall.at < end)
        .group_by(PhoneCall.agent_id)
    )
    return list(db.execute(query))


def agent_ids(db: Session) -> list[str]:
    return list(db.scalars(select(Agent.id).order_by(Agent.id)))

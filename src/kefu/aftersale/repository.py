"""Every query of the after-sales domain."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.models import Order, Refund


def refunds_of_customer(session: Session, customer_id: str, limit: int) -> list[Refund]:
    query = (
        select(Refund)
        .join(Order, Order.id == Refund.order_id)
        .where(Order.customer_id == customer_id)
        .order_by(Refund.requested_at.desc(), Refund.id)
        .limit(limit)
    )
    return list(session.scalars(query))

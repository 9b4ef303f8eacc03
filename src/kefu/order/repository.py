"""Every query of the order domain."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kefu.models import Order


def recent_for_customer(session: Session, customer_id: str, limit: int) -> list[Order]:
    query = (
        select(Order)
        .options(selectinload(Order.items))
        .where(Order.customer_id == customer_id)
        .order_by(Order.created_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))

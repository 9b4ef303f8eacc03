"""Order facts for the workbench."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.models import Order
from kefu.order import repository


def recent_orders(session: Session, *, customer_id: str, limit: int = 10) -> list[Order]:
    return repository.recent_for_customer(session, customer_id, limit)

"""Every query of the customer domain."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.models import ChatSession, Customer, PhoneCall


def get(session: Session, customer_id: str) -> Customer | None:
    return session.get(Customer, customer_id)


def by_email(session: Session, email: str) -> Customer | None:
    return session.scalar(select(Customer).where(Customer.email == email).limit(1))


def add(session: Session, row: Customer | PhoneCall) -> None:
    session.add(row)
    session.flush()


def calls_of(session: Session, customer_id: str, limit: int) -> list[PhoneCall]:
    query = select(PhoneCall).where(PhoneCall.customer_id == customer_id)
    return list(session.scalars(query.order_by(PhoneCall.at.desc()).limit(limit)))


def sessions_of(session: Session, customer_id: str, limit: int) -> list[ChatSession]:
    query = select(ChatSession).where(ChatSession.customer_id == customer_id)
    return list(session.scalars(query.order_by(ChatSession.opened_at.desc()).limit(limit)))

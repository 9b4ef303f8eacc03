"""Every query of quality inspection: it reads the append-only rows of a session."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kefu.models import ChatSession, Message, Order, QcFinding, QcInspection, Transfer


def session(db: Session, session_id: str) -> ChatSession | None:
    return db.get(ChatSession, session_id)


def messages(db: Session, session_id: str) -> list[Message]:
    query = select(Message).where(Message.session_id == session_id)
    return list(db.scalars(query.order_by(Message.at, Message.seq, Message.id)))


def transfer_reasons(db: Session, session_id: str) -> list[str | None]:
    return list(db.scalars(select(Transfer.reason).where(Transfer.session_id == session_id)))


def addresses_paid_during(db: Session, chat_session: ChatSession) -> list[str | None]:
    """Addresses of the customer's orders paid while the session was open."""
    query = select(Order.address).where(
        Order.customer_id == chat_session.customer_id, Order.paid_at >= chat_session.opened_at
    )
    if chat_session.closed_at is not None:
        query = query.where(Order.paid_at <= chat_session.closed_at)
    return list(db.scalars(query))


def replace_inspection(db: Session, inspection: QcInspection, findings: list[QcFinding]) -> None:
    """Idempotent: inspecting a session again replaces its earlier result (kept in
    place, since a review may point at it)."""
    db.execute(delete(QcFinding).where(QcFinding.session_id == inspection.session_id))
    db.merge(inspection)
    db.flush()
    db.add_all(findings)
    db.flush()


def inspection(db: Session, session_id: str) -> tuple[QcInspection | None, list[QcFinding]]:
    found = db.get(QcInspection, session_id)
    rows = db.scalars(
        select(QcFinding).where(QcFinding.session_id == session_id).order_by(QcFinding.id)
    )
    return found, list(rows)

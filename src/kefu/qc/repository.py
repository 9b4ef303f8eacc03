"""Every query of quality inspection: it reads the append-only rows of a session."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kefu.models import (
    ChatSession,
    Message,
    Order,
    QcFinding,
    QcInspection,
    SessionStateChange,
    Transfer,
)
from kefu.models.chat import SessionStatus


def session(db: Session, session_id: str) -> ChatSession | None:
    return db.get(ChatSession, session_id)


def messages(db: Session, session_id: str) -> list[Message]:
    query = select(Message).where(Message.session_id == session_id)
    return list(db.scalars(query.order_by(Message.at, Message.seq, Message.id)))


def transfers(db: Session, session_id: str) -> list[Transfer]:
    query = select(Transfer).where(Transfer.session_id == session_id)
    return list(db.scalars(query.order_by(Transfer.at, Transfer.id)))


def custody(db: Session, session_id: str) -> list[tuple[dt.datetime, str | None]]:
    """When an agent was given the session, and when it left people (bot, queue, offline)."""
    query = (
        select(SessionStateChange.at, SessionStateChange.to_status, SessionStateChange.agent_id)
        .where(
            SessionStateChange.session_id == session_id,
            SessionStateChange.to_status != SessionStatus.closed,
        )
        .order_by(SessionStateChange.at, SessionStateChange.id)
    )
    return [
        (at, agent_id if status == SessionStatus.assigned else None)
        for at, status, agent_id in db.execute(query)
    ]


def paid_during(db: Session, chat_session: ChatSession) -> list[tuple[dt.datetime, str | None]]:
    """When the customer's orders paid while the session was open were paid, and where to."""
    query = select(Order.paid_at, Order.address).where(
        Order.customer_id == chat_session.customer_id, Order.paid_at >= chat_session.opened_at
    )
    if chat_session.closed_at is not None:
        query = query.where(Order.paid_at <= chat_session.closed_at)
    return [(paid_at, address) for paid_at, address in db.execute(query.order_by(Order.paid_at))]


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

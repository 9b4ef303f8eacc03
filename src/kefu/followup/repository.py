"""Every query of the follow-up domain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.models import ChatSession, FollowUp, FollowUpContact, Message, Order
from kefu.models.chat import Sender


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def followup(db: Session, followup_id: str) -> FollowUp | None:
    return db.get(FollowUp, followup_id)


def followup_of(db: Session, customer_id: str, inquired_at: dt.datetime) -> FollowUp | None:
    query = select(FollowUp).where(
        FollowUp.customer_id == customer_id, FollowUp.inquired_at == inquired_at
    )
    return db.scalar(query)


def followups_of(db: Session, customer_ids: Iterable[str]) -> list[FollowUp]:
    ids = list(customer_ids)
    return list(db.scalars(select(FollowUp).where(FollowUp.customer_id.in_(ids)))) if ids else []


def contacts_of(db: Session, followup_ids: Iterable[str]) -> list[FollowUpContact]:
    ids = list(followup_ids)
    if not ids:
        return []
    query = (
        select(FollowUpContact)
        .where(FollowUpContact.followup_id.in_(ids))
        .order_by(FollowUpContact.followup_id, FollowUpContact.round)
    )
    return list(db.scalars(query))


def contact(db: Session, followup_id: str, round_no: int) -> FollowUpContact | None:
    query = select(FollowUpContact).where(
        FollowUpContact.followup_id == followup_id, FollowUpContact.round == round_no
    )
    return db.scalar(query)


def first_questions(
    db: Session, customer_ids: Iterable[str], start: dt.datetime, end: dt.datetime
) -> list[tuple[str, str | None, str]]:
    """(customer, product title, text) of every buyer message in sessions opened in
    [start, end), oldest first."""
    ids = list(customer_ids)
    if not ids:
        return []
    query = (
        select(ChatSession.customer_id, ChatSession.product_title, Message.text)
        .join(Message, Message.session_id == ChatSession.id)
        .where(
            ChatSession.customer_id.in_(ids),
            ChatSession.opened_at >= start,
            ChatSession.opened_at < end,
            Message.sender == Sender.buyer.value,
        )
        .order_by(Message.at, Message.id)
    )
    return [(c, title, text) for c, title, text in db.execute(query)]


def payments_since(
    db: Session, customer_ids: Iterable[str], since: dt.datetime
) -> list[tuple[str, dt.datetime, object]]:
    """(customer, paid_at, amount) of orders these customers paid at or after ``since``."""
    ids = list(customer_ids)
    if not ids:
        return []
    query = (
        select(Order.customer_id, Order.paid_at, Order.amount)
        .where(Order.customer_id.in_(ids), Order.paid_at >= since)
        .order_by(Order.paid_at)
    )
    return [(c, at, amount) for c, at, amount in db.execute(query)]


def asked_at(db: Session, customer_id: str, at: dt.datetime) -> bool:
    """Did this customer write a message at exactly ``at`` (an inquiry's first message)?"""
    query = (
        select(Message.id)
        .join(ChatSession, Message.session_id == ChatSession.id)
        .where(
            ChatSession.customer_id == customer_id,
            Message.sender == Sender.buyer.value,
            Message.at == at,
        )
        .limit(1)
    )
    return db.scalar(query) is not None

"""Every query of the bot domain: FAQ entries and proposals, products by name,
agents' intent labels, and the history that mining reads."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, Text, cast, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import (
    Agent,
    ChatSession,
    IntentLabel,
    KbEntry,
    KbProposal,
    Message,
    Product,
    Sku,
)

ENTRY_SORTS: dict[str, ColumnElement[Any]] = {
    "intent": KbEntry.intent,
    "updated_at": KbEntry.updated_at,
    "enabled": KbEntry.enabled,
}


def entries(db: Session, *, enabled_only: bool = False) -> list[KbEntry]:
    query = select(KbEntry).order_by(KbEntry.intent, KbEntry.id)
    if enabled_only:
        query = query.where(KbEntry.enabled.is_(True))
    return list(db.scalars(query))


def entry_page(
    db: Session,
    *,
    intent: str | None,
    product_id: str | None,
    enabled: bool | None,
    text: str | None,
    params: PageParams,
) -> tuple[list[Any], int]:
    """(entry, product title) rows of one page of the knowledge base, and the count."""
    query = select(KbEntry, Product.title).outerjoin(Product, Product.id == KbEntry.product_id)
    if intent:
        query = query.where(KbEntry.intent == intent)
    if product_id:
        query = query.where(KbEntry.product_id == product_id)
    if enabled is not None:
        query = query.where(KbEntry.enabled.is_(enabled))
    if text and text.strip():
        query = query.where(_mentions(text.strip()))
    query = order_by(query, params.sort, ENTRY_SORTS, default=(KbEntry.intent, KbEntry.id))
    return fetch_page(db, query, params)


def _mentions(text: str) -> ColumnElement[bool]:
    """Entries whose answer or a question contains ``text``. The questions are a JSON list,
    stored with non-ASCII escaped (\\uXXXX), so the escaped form is searched as well."""
    questions = cast(KbEntry.questions, Text)
    return or_(
        KbEntry.answer.icontains(text, autoescape=True),
        questions.icontains(text, autoescape=True),
        questions.icontains(json.dumps(text)[1:-1], autoescape=True),
    )


def entry(db: Session, entry_id: str) -> KbEntry | None:
    return db.get(KbEntry, entry_id)


_VERSIONS = select(  # built once: the bot runs it for every buyer message
    func.count(KbEntry.id),
    func.max(KbEntry.updated_at),
    select(func.count()).select_from(Product).scalar_subquery(),
)


def versions(db: Session) -> tuple[int, dt.datetime | None, int]:
    """(entries, latest entry change, products) in one query: the first two change
    whenever an entry is added, changed or removed, the last when a product is."""
    count, latest, products = db.execute(_VERSIONS).one()
    return count, latest, products or 0


def add(db: Session, row: KbEntry) -> None:
    db.add(row)
    db.flush()


def delete(db: Session, row: KbEntry) -> None:
    db.delete(row)
    db.flush()


def product(db: Session, product_id: str) -> Product | None:
    return db.get(Product, product_id)


def products_among(db: Session, product_ids: set[str]) -> list[Product]:
    return list(db.scalars(select(Product).where(Product.id.in_(product_ids))))


def products(db: Session) -> list[Product]:
    return list(db.scalars(select(Product).order_by(Product.id)))


def skus(db: Session, product_id: str) -> list[Sku]:
    return list(db.scalars(select(Sku).where(Sku.product_id == product_id).order_by(Sku.id)))


def sku_values(db: Session) -> set[str]:
    """Every value of every SKU attribute in the catalogue (黑色, XL, 42)."""
    return {
        str(value)
        for attributes in db.scalars(select(Sku.attributes).where(Sku.attributes.is_not(None)))
        for value in (attributes or {}).values()
        if isinstance(value, str | int)
    }


def message(db: Session, message_id: str) -> Message | None:
    return db.get(Message, message_id)


def intent_label(db: Session, message_id: str) -> IntentLabel | None:
    return db.get(IntentLabel, message_id)


def intent_labels_query(intent: str | None, q: str | None) -> Select[Any]:
    """Marked messages with their text and session, and the marking agent's name."""
    query = (
        select(IntentLabel, Message.text, Message.session_id, Agent.name)
        .join(Message, Message.id == IntentLabel.message_id)
        .join(Agent, Agent.id == IntentLabel.agent_id)
    )
    if intent:
        query = query.where(IntentLabel.intent == intent)
    if q:
        query = query.where(Message.text.contains(q))
    return query


def labelled_messages(db: Session) -> list[tuple[str, str, str]]:
    """(intent, text, session id) of every marked message: training rows."""
    query = select(IntentLabel.intent, Message.text, Message.session_id).join(
        Message, Message.id == IntentLabel.message_id
    )
    return [(intent, text, session_id) for intent, text, session_id in db.execute(query)]


def conversation_rows(
    db: Session, *, start: dt.datetime | None, end: dt.datetime | None
) -> Iterator[tuple[str, str, str, str]]:
    """(session id, message id, sender, text) of buyer and agent messages of the
    sessions opened in [start, end), a session's messages in order: what mining
    reads. Streamed, so a long history is not held twice."""
    sessions = select(ChatSession.id)
    if start is not None:
        sessions = sessions.where(ChatSession.opened_at >= start)
    if end is not None:
        sessions = sessions.where(ChatSession.opened_at < end)
    query = (
        select(Message.session_id, Message.id, Message.sender, Message.text)
        .where(Message.session_id.in_(sessions), Message.sender.in_(("buyer", "agent")))
        .order_by(Message.session_id, Message.at, Message.seq, Message.id)
    )
    for row in db.execute(query.execution_options(yield_per=2000)):
        yield row.session_id, row.id, row.sender, row.text


def proposal(db: Session, proposal_id: str) -> KbProposal | None:
    return db.get(KbProposal, proposal_id)


def proposals_query(status: str | None, intent: str | None, q: str | None) -> Select[Any]:
    """Proposals with the name of the supervisor who decided them."""
    query = select(KbProposal, Agent.name).outerjoin(Agent, Agent.id == KbProposal.decided_by)
    if status:
        query = query.where(KbProposal.status == status)
    if intent:
        query = query.where(KbProposal.intent == intent)
    if q:
        query = query.where(
            KbProposal.questions.cast(Text).contains(q) | KbProposal.answer.contains(q)
        )
    return query


def delete_pending_proposals(db: Session) -> int:
    pending = list(db.scalars(select(KbProposal).where(KbProposal.status == "proposed")))
    for row in pending:
        db.delete(row)
    db.flush()
    return len(pending)


def has_proposals(db: Session) -> bool:
    return db.scalar(select(KbProposal.id).limit(1)) is not None


def decided_questions(db: Session) -> set[str]:
    """Questions of proposals already accepted or rejected: not proposed again."""
    rows = db.scalars(select(KbProposal.questions).where(KbProposal.status != "proposed"))
    return {question for questions in rows for question in questions}

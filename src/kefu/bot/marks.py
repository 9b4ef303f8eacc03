"""Agents' "this is intent X" on buyer messages (workbench): labelled examples
that join the training rows of the next ``kefu bot train``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.bot import repository
from kefu.bot.intents import INTENT_IDS
from kefu.bot.labels import Labelled
from kefu.kit import clock
from kefu.kit.errors import BadInput, NotFound, found
from kefu.kit.paging import PageParams, fetch_page, order_by, paged
from kefu.models import Agent, IntentLabel


def do_mark(db: Session, *, agent: Agent, message_id: str, intent: str) -> IntentLabel:
    """Mark a buyer message; marking it again replaces the label."""
    if intent not in INTENT_IDS:
        raise BadInput(f"未知意图 {intent!r}", code="bad_intent")
    message = repository.message(db, message_id)
    if message is None or message.sender != "buyer":
        raise NotFound("买家消息不存在", code="message_not_found")
    row = repository.intent_label(db, message_id)
    if row is None:
        row = IntentLabel(message_id=message_id, intent=intent, agent_id=agent.id, at=clock.now())
        repository.add(db, row)
    else:
        row.intent, row.agent_id, row.at = intent, agent.id, clock.now()
    db.flush()
    return row


def do_unmark(db: Session, *, message_id: str) -> None:
    repository.delete(
        db, found(repository.intent_label(db, message_id), "该消息没有标注", code="label_not_found")
    )


def page(
    db: Session, *, params: PageParams, intent: str | None = None, q: str | None = None
) -> dict[str, Any]:
    """Marked messages for a list page: text, intent, who marked it and when."""
    query = order_by(
        repository.intent_labels_query(intent, q),
        params.sort,
        {"at": IntentLabel.at, "intent": IntentLabel.intent},
        [IntentLabel.at.desc(), IntentLabel.message_id],
    )
    rows, total = fetch_page(db, query, params)
    return paged([_item(*row) for row in rows], total, params)


def _item(label: IntentLabel, text: str, session_id: str, agent_name: str) -> dict[str, Any]:
    return {
        "message_id": label.message_id,
        "session_id": session_id,
        "text": text,
        "intent": label.intent,
        "agent_id": label.agent_id,
        "agent_name": agent_name,
        "at": label.at,
    }


def training_rows(db: Session) -> list[Labelled]:
    return [
        Labelled(intent, text, f"agent:{session_id}", "agent")
        for intent, text, session_id in repository.labelled_messages(db)
    ]

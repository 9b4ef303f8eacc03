"""Appending a message to a session, written once: numbered, stored, announced.

Two paths store messages. The request path (``append``: the chat's rules, routing's
notices, presence, the shop's own messages) adds one ORM row. The WebSocket's group
commit (chat/sends.py) stores a whole batch with one INSERT and one UPDATE
(``store_rows``), below the ORM, because that is what a send costs. Both take a
message's columns and the session's counters from ``columns`` and announce it with
``announce``, so a message reads the same, stored and published, whichever path wrote it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kit.ids import next_id
from kefu.messaging import events, repository
from kefu.models import Agent, ChatSession, Message
from kefu.models.chat import Channel, MessageKind, Sender

_LIVE = {status.value for status in repository.LIVE}


class Counters(Protocol):
    """What appending reads and moves on a session: the ORM row or a ``SessionState``."""

    id: str
    agent_id: str | None
    last_seq: int
    waiting_since: dt.datetime | None
    agent_read_seq: int


@dataclass
class SessionState:
    """A session as the batch path reads it (one locked SELECT, no ORM row)."""

    id: str
    customer_id: str
    channel: str
    status: str
    agent_id: str | None
    opened_at: dt.datetime
    last_seq: int
    waiting_since: dt.datetime | None
    agent_read_seq: int

    @classmethod
    def of(cls, row: tuple[Any, ...]) -> SessionState:
        """From a row of ``repository.sessions_for_sends``: its columns, in field order."""
        return cls(*row)

    @property
    def live_on_web(self) -> bool:
        """Still open on the web widget: where a buyer's next message goes."""
        return self.status in _LIVE and self.channel == Channel.web


def columns(
    chat_session: Counters,
    sender: Sender,
    text: str,
    *,
    agent_id: str | None = None,
    client_id: str | None = None,
    attachment_id: str | None = None,
    external_id: str | None = None,
    card: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The message's columns; the session's counters move on with it. The session is
    locked (FOR UPDATE, or SQLite's write lock), so numbering from it is safe; the
    unique (session, seq) is the backstop. A buyer's message starts the wait for an
    answer (or leaves it running); an agent's ends it and reads up to itself."""
    at = clock.now()
    chat_session.last_seq += 1
    if sender == Sender.buyer:
        chat_session.waiting_since = chat_session.waiting_since or at
    elif sender == Sender.agent:
        chat_session.waiting_since = None
        chat_session.agent_read_seq = chat_session.last_seq
    return {
        "id": next_id("m"),
        "session_id": chat_session.id,
        "at": at,
        "sender": sender.value,
        "agent_id": agent_id,
        "text": text or ("[图片]" if attachment_id else ""),
        "seq": chat_session.last_seq,
        "kind": _kind(attachment_id, card).value,
        "attachment_id": attachment_id,
        "client_id": client_id,
        "external_id": external_id,
        "extra": {"card": card} if card else None,
    }


def _kind(attachment_id: str | None, card: dict[str, Any] | None) -> MessageKind:
    if card:
        return MessageKind.card
    return MessageKind.image if attachment_id else MessageKind.text


def announce(
    db: Session, chat_session: Counters, row: dict[str, Any], agent_name: str | None
) -> events.Posted:
    """Publish the stored message to the session's watchers and its agent (after commit)."""
    posted = events.posted(row, agent_name)
    events.message_posted(
        db, session_id=chat_session.id, agent_id=chat_session.agent_id, message=posted
    )
    return posted


def append(
    db: Session,
    chat_session: ChatSession,
    sender: Sender,
    text: str,
    *,
    agent: Agent | None = None,
    client_id: str | None = None,
    attachment_id: str | None = None,
    external_id: str | None = None,
    card: dict[str, Any] | None = None,
) -> Message:
    """The request path: one message, one ORM row."""
    row = columns(
        chat_session,
        sender,
        text,
        agent_id=agent.id if agent else None,
        client_id=client_id,
        attachment_id=attachment_id,
        external_id=external_id,
        card=card,
    )
    message = Message(**row)
    repository.add(db, message)
    announce(db, chat_session, row, agent.name if agent else None)
    return message


def store_rows(db: Session, rows: list[dict[str, Any]], sessions: Iterable[SessionState]) -> None:
    """The batch path: the rows ``columns`` made, with one INSERT, and the counters of
    the sessions they went to with one UPDATE."""
    if not rows:
        return
    repository.insert_messages(db, rows)
    repository.update_sessions_after_sends(
        db,
        [
            {
                "b_id": state.id,
                "last_seq": state.last_seq,
                "waiting_since": state.waiting_since,
                "agent_read_seq": state.agent_read_seq,
            }
            for state in sessions
        ],
    )
    db.expire_all()  # rows changed below the ORM: reload anything loaded before


def notice(db: Session, chat_session: ChatSession, text: str) -> Message:
    """A message from the shop itself (a transfer, an agent gone): in no agent's KPIs."""
    return append(db, chat_session, Sender.system, text)


def out(db: Session, message: Message, agent_name: str | None = None) -> events.Posted:
    """The stored message as clients see it (an ack's)."""
    if message.agent_id and agent_name is None:
        agent_name = repository.agent_names(db, {message.agent_id}).get(message.agent_id)
    return events.message_posted_of(message, agent_name)

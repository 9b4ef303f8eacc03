"""Appending a message to a session: numbered, stored and announced. Every writer of
messages (the chat's service, routing's notices, the presence rules) goes through here."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.chat import events, repository
from kefu.chat.schemas import MessageOut
from kefu.kit import clock
from kefu.kit.ids import new_id
from kefu.models import Agent, ChatSession, Message
from kefu.models.chat import MessageKind, Sender


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
) -> Message:
    message = Message(
        id=new_id("m"),
        session_id=chat_session.id,
        at=clock.now(),
        sender=sender.value,
        agent_id=agent.id if agent else None,
        text=text or ("[图片]" if attachment_id else ""),
        # The session row is locked (FOR UPDATE, or SQLite's write lock), so
        # numbering from it is safe; the unique (session, seq) is the backstop.
        seq=chat_session.last_seq + 1,
        client_id=client_id,
        kind=(MessageKind.image if attachment_id else MessageKind.text).value,
        attachment_id=attachment_id,
        external_id=external_id,
    )
    repository.add(db, message)
    chat_session.last_seq = message.seq or 0
    events.message_posted(
        db,
        session_id=chat_session.id,
        agent_id=chat_session.agent_id,
        message=events.message_out(message, agent.name if agent else None),
    )
    return message


def notice(db: Session, chat_session: ChatSession, text: str) -> Message:
    """A message from the shop itself (a transfer, an agent gone): in no agent's KPIs."""
    return append(db, chat_session, Sender.system, text)


def out(db: Session, message: Message, agent_name: str | None = None) -> MessageOut:
    if message.agent_id and agent_name is None:
        agent_name = repository.agent_names(db, {message.agent_id}).get(message.agent_id)
    return events.message_out(message, agent_name)

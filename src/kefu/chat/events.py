"""The events chat publishes (after commit), and the channels they go to.

Channels: ``session:ID`` (the buyer's tabs and agents watching it),
``buyer:CUSTOMER`` (a buyer's tabs, to learn of a new session), ``agent:ID``
(an agent's workbench), ``supervisors``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.chat.schemas import MessageOut, SessionOut
from kefu.kit.outbox import emit
from kefu.models import ChatSession, Message


def message_out(message: Message, agent_name: str | None = None) -> MessageOut:
    url = f"/api/v1/chat/attachments/{message.attachment_id}" if message.attachment_id else None
    return MessageOut(
        id=message.id,
        session_id=message.session_id,
        seq=message.seq,
        at=message.at,
        sender=message.sender,
        agent_id=message.agent_id,
        agent_name=agent_name,  # type: ignore[arg-type]
        text=message.text,
        kind=message.kind,
        attachment_url=url,
        client_id=message.client_id,
    )


def dump(model: MessageOut | SessionOut) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True)


def message_posted(db: Session, chat_session: ChatSession, message: MessageOut) -> None:
    event = {"type": "message", "message": dump(message)}
    emit(db, f"session:{chat_session.id}", event)
    if chat_session.agent_id:
        emit(db, f"agent:{chat_session.agent_id}", event)


def session_changed(
    db: Session,
    chat_session: ChatSession,
    *,
    queue_position: int | None = None,
    previous_agent: str | None = None,
) -> None:
    """Status, agent or queue position changed: tell the buyer, the agents and supervisors."""
    out = SessionOut.model_validate(chat_session)
    out.queue_position = queue_position
    event = {"type": "session", "session": dump(out)}
    emit(db, f"buyer:{chat_session.customer_id}", event)
    for agent_id in {chat_session.agent_id, previous_agent} - {None}:
        emit(db, f"agent:{agent_id}", event)
    emit(db, "supervisors", {"type": "overview_changed"})


def emit_overview_changed(db: Session) -> None:
    emit(db, "supervisors", {"type": "overview_changed"})

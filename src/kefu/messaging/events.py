"""Telling the participants: the events a session publishes (after commit), and the
channels they go to.

Channels: ``session:ID`` (the buyer's tabs and agents watching it),
``buyer:CUSTOMER`` (a buyer's tabs, to learn of a new session), ``agent:ID``
(an agent's workbench), ``supervisors``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit.outbox import emit
from kefu.messaging import repository
from kefu.messaging.schemas import MessageOut, SessionOut
from kefu.models import ChatSession, Message
from kefu.models.team import ROLE_LABELS, Role


def message_out(message: Message, agent_name: str | None = None) -> MessageOut:
    return row_out({field: getattr(message, field) for field in _MESSAGE_FIELDS}, agent_name)


_MESSAGE_FIELDS = (
    "id",
    "session_id",
    "seq",
    "at",
    "sender",
    "agent_id",
    "text",
    "kind",
    "attachment_id",
    "client_id",
    "extra",
)


def row_out(row: Mapping[str, Any], agent_name: str | None = None) -> MessageOut:
    """A message as clients see it, from its column values (the batch path has no ORM row)."""
    attachment_id = row["attachment_id"]
    url = f"/api/v1/chat/attachments/{attachment_id}" if attachment_id else None
    return MessageOut(
        id=row["id"],
        session_id=row["session_id"],
        seq=row["seq"],
        at=row["at"],
        sender=row["sender"],
        agent_id=row["agent_id"],
        agent_name=agent_name,  # type: ignore[arg-type]
        text=row["text"],
        kind=row["kind"],
        attachment_url=url,
        client_id=row["client_id"],
        card=(row.get("extra") or {}).get("card") if row["kind"] == "card" else None,
    )


def dump(model: MessageOut | SessionOut) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True)


def message_posted(
    db: Session, *, session_id: str, agent_id: str | None, message: MessageOut
) -> None:
    """To the session's watchers and to the agent serving it."""
    event = {"type": "message", "message": dump(message)}
    emit(db, f"session:{session_id}", event)
    if agent_id:
        emit(db, f"agent:{agent_id}", event)


def session_changed(
    db: Session,
    chat_session: ChatSession,
    *,
    queue_position: int | None = None,
    previous_agent: str | None = None,
) -> None:
    """Status, agent or queue position changed: tell the buyer, the agents and supervisors."""
    out = session_out(db, chat_session, queue_position=queue_position)
    event = {"type": "session", "session": dump(out)}
    emit(db, f"buyer:{chat_session.customer_id}", event)
    for agent_id in {chat_session.agent_id, previous_agent} - {None}:
        emit(db, f"agent:{agent_id}", event)
    emit(db, "supervisors", {"type": "overview_changed"})


def session_out(
    db: Session, chat_session: ChatSession, *, queue_position: int | None = None
) -> SessionOut:
    """The session with who serves it, by name and role: the buyer page's header says
    售前客服 小美 rather than an id."""
    out = SessionOut.model_validate(chat_session)
    out.queue_position = queue_position
    agent = repository.agent(db, chat_session.agent_id) if chat_session.agent_id else None
    if agent is not None:
        out.agent_name = agent.name
        out.agent_role = ROLE_LABELS.get(Role(agent.role), "客服")
    return out

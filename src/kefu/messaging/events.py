"""Telling the participants: the events a session publishes (after commit), and the
channels they go to.

Channels: ``session:ID`` (the buyer's tabs and agents watching it),
``buyer:CUSTOMER`` (a buyer's tabs, to learn of a new session), ``agent:ID``
(an agent's workbench), ``supervisors``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy.orm import Session

from kefu.kit.outbox import Serialised, emit
from kefu.messaging import repository
from kefu.messaging.schemas import MessageOut, SessionOut
from kefu.models import ChatSession, Message
from kefu.models.team import ROLE_LABELS, Role


def message_out(message: Message, agent_name: str | None = None) -> MessageOut:
    return _model(message_data(_columns(message), agent_name))


def message_posted_of(message: Message, agent_name: str | None = None) -> Posted:
    """A stored message as clients see it, serialised (an ack's)."""
    return posted(_columns(message), agent_name)


def _columns(message: Message) -> dict[str, Any]:
    return {field: getattr(message, field) for field in _MESSAGE_FIELDS}


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


@dataclass(frozen=True, slots=True)
class Posted:
    """A message as clients see it, made once per message and never again: ``data`` is
    what ``dump(MessageOut)`` gives and ``json`` its text, which the ack and the frame
    every subscriber gets embed as is. The chat's hot path builds no pydantic model."""

    data: dict[str, Any]
    json: str

    def out(self) -> MessageOut:
        """The model, for the API (and whoever wants attributes)."""
        return _model(self.data)


def posted(row: Mapping[str, Any], agent_name: str | None = None) -> Posted:
    """A message as clients see it, from its column values (the batch path has no ORM row)."""
    data = message_data(row, agent_name)
    return Posted(data, orjson.dumps(data).decode())


def message_data(row: Mapping[str, Any], agent_name: str | None = None) -> dict[str, Any]:
    """What ``dump(MessageOut)`` gives, made directly: its fields and aliases, the time
    as pydantic writes it."""
    attachment_id = row["attachment_id"]
    return {
        "id": row["id"],
        "session_id": row["session_id"],
        "seq": row["seq"],
        "at": _iso(row["at"]),
        "from": row["sender"],
        "agent_id": row["agent_id"],
        "agent_name": agent_name,
        "text": row["text"],
        "kind": row["kind"],
        "attachment_url": f"/api/v1/chat/attachments/{attachment_id}" if attachment_id else None,
        "client_id": row["client_id"],
        "card": (row.get("extra") or {}).get("card") if row["kind"] == "card" else None,
    }


def _model(data: dict[str, Any]) -> MessageOut:
    fields = dict(data)
    fields["sender"] = fields.pop("from")
    return MessageOut(**fields)


def _iso(at: dt.datetime) -> str:
    text = at.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def dump(model: MessageOut | SessionOut) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True)


def message_posted(db: Session, *, session_id: str, agent_id: str | None, message: Posted) -> None:
    """To the session's watchers and to the agent serving it: one event, serialised once."""
    event = Serialised({"type": "message", "message": message.data})
    event.text = '{"type":"message","message":' + message.json + "}"
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

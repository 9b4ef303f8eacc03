"""Chat sessions (会话) and their append-only events: messages, hand-offs,
transfers and ratings. KPIs and QC read these rows, never mutable state."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, fk, id_column, ref_column


class Channel(StrEnum):
    web = "web"
    email = "email"
    phone = "phone"
    marketplace = "marketplace"


class Sender(StrEnum):
    buyer = "buyer"
    agent = "agent"
    bot = "bot"
    system = "system"


class SessionStatus(StrEnum):
    open = "open"  # just opened, not yet routed
    bot = "bot"  # the bot is answering; no person has it yet
    queued = "queued"  # waiting in its group's queue
    assigned = "assigned"  # an agent is serving it
    offline = "offline"  # 留言: left when nobody could answer; a task tracks it
    closed = "closed"


SESSION_STATUS_LABELS = {
    "open": "新会话",
    "bot": "机器人接待中",
    "queued": "排队中",
    "assigned": "人工接待中",
    "offline": "留言",
    "closed": "已结束",
}


class MessageKind(StrEnum):
    text = "text"
    image = "image"
    card = "card"  # a product card: ``extra["card"]`` holds title, price, image, link


class HandoffReason(StrEnum):
    buyer_asked = "buyer_asked"
    bot_unsure = "bot_unsure"
    rule = "rule"


class ChatSession(Base):
    """A conversation. ``status``, ``waiting_since`` and the read marks are the live
    state the workbench shows; reports read the append-only rows instead."""

    __tablename__ = "chat_sessions"
    __table_args__ = (
        Index("ix_chat_sessions_queue", "group_id", "status", "queued_at"),
        Index("ix_chat_sessions_assigned", "status", "assigned_at"),
    )

    id: Mapped[str] = id_column()
    customer_id: Mapped[str] = ref_column("customers.id")
    channel: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[dt.datetime] = mapped_column(index=True)
    closed_at: Mapped[dt.datetime | None]
    group_id: Mapped[str | None] = ref_column("agent_groups.id", nullable=True, index=False)
    agent_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    status: Mapped[str] = mapped_column(String(16), default=SessionStatus.closed)
    queued_at: Mapped[dt.datetime | None]
    # When the current agent got it: she must answer within the shop's
    # ``assign_reply_seconds`` or it goes to a colleague (chat/presence.py).
    assigned_at: Mapped[dt.datetime | None]
    waiting_since: Mapped[dt.datetime | None]
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    agent_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    subject: Mapped[str | None] = mapped_column(String(255))
    # The product page the buyer opened the chat from, its title as shown then.
    product_id: Mapped[str | None] = mapped_column(String(64))
    product_title: Mapped[str | None] = mapped_column(String(255))
    extra: Mapped[dict[str, Any] | None]

    @property
    def bot_intent(self) -> str | None:
        """The intent the bot last detected (shown to the agent after a hand-off)."""
        return ((self.extra or {}).get("bot") or {}).get("intent")

    @property
    def handoff_reason(self) -> str | None:
        return ((self.extra or {}).get("bot") or {}).get("handoff_reason")


class Message(Base):
    """``seq`` numbers a session's live messages 1, 2, 3… so a reconnecting client
    gets exactly what it missed; ``client_id`` makes a retried send a no-op."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_session_at", "session_id", "at"),
        UniqueConstraint("session_id", "seq"),
        UniqueConstraint("session_id", "client_id"),
    )

    id: Mapped[str] = id_column()
    session_id: Mapped[str] = ref_column("chat_sessions.id", index=False)
    at: Mapped[dt.datetime]
    sender: Mapped[str] = mapped_column(String(8))
    agent_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    text: Mapped[str] = mapped_column(Text)
    seq: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8), default=MessageKind.text)
    attachment_id: Mapped[str | None] = ref_column("attachments.id", nullable=True, index=False)
    client_id: Mapped[str | None] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(255), index=True)
    extra: Mapped[dict[str, Any] | None]


class SessionStateChange(Base):
    """Append-only: every status change of a session, with who caused it."""

    __tablename__ = "session_state_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = ref_column("chat_sessions.id")
    at: Mapped[dt.datetime]
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    agent_id: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    group_id: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class Attachment(Base):
    """An uploaded image, stored outside the web root under its SHA-256."""

    __tablename__ = "attachments"

    id: Mapped[str] = id_column()
    session_id: Mapped[str] = ref_column("chat_sessions.id")
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]


class PhoneCall(Base):
    """A hotline call (热线) logged by an agent on a customer."""

    __tablename__ = "phone_calls"

    id: Mapped[str] = id_column()
    customer_id: Mapped[str] = ref_column("customers.id")
    agent_id: Mapped[str] = ref_column("agents.id", index=False)
    at: Mapped[dt.datetime]
    direction: Mapped[str] = mapped_column(String(8))
    duration_s: Mapped[int]
    topic: Mapped[str] = mapped_column(String(255))
    result: Mapped[str] = mapped_column(Text)
    task_id: Mapped[str | None] = ref_column("tasks.id", nullable=True, index=False)
    # The hotline desk (kefu.hotline): the number; the recording (a kept file or the PBX's URL).
    phone: Mapped[str | None] = mapped_column(String(32))
    recording_url: Mapped[str | None] = mapped_column(String(1000))
    recording_sha256: Mapped[str | None] = mapped_column(String(64))
    recording_type: Mapped[str | None] = mapped_column(String(32))


class Handoff(Base):
    __tablename__ = "handoffs"
    __table_args__ = (UniqueConstraint("session_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = ref_column("chat_sessions.id")
    at: Mapped[dt.datetime]
    reason: Mapped[str | None] = mapped_column(String(16))


class Transfer(Base):
    __tablename__ = "transfers"
    __table_args__ = (UniqueConstraint("session_id", "at", "to_agent_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = ref_column("chat_sessions.id")
    at: Mapped[dt.datetime]
    from_agent_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    to_agent_id: Mapped[str] = ref_column("agents.id")
    reason: Mapped[str | None] = mapped_column(Text)


class Rating(Base):
    """The buyer's 1–5 satisfaction score; one per session."""

    __tablename__ = "ratings"

    session_id: Mapped[str] = mapped_column(String(64), fk("chat_sessions.id"), primary_key=True)
    score: Mapped[int] = mapped_column(SmallInteger)
    at: Mapped[dt.datetime | None]
    comment: Mapped[str | None] = mapped_column(Text)

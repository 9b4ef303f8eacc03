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


class HandoffReason(StrEnum):
    buyer_asked = "buyer_asked"
    bot_unsure = "bot_unsure"
    rule = "rule"


class ChatSession(Base):
    __tablename__ = "chat_sessions"

    id: Mapped[str] = id_column()
    customer_id: Mapped[str] = ref_column("customers.id")
    channel: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[dt.datetime] = mapped_column(index=True)
    closed_at: Mapped[dt.datetime | None]
    group_id: Mapped[str | None] = ref_column("agent_groups.id", nullable=True)
    agent_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    extra: Mapped[dict[str, Any] | None]


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_session_at", "session_id", "at"),)

    id: Mapped[str] = id_column()
    session_id: Mapped[str] = ref_column("chat_sessions.id", index=False)
    at: Mapped[dt.datetime]
    sender: Mapped[str] = mapped_column(String(8))
    agent_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    text: Mapped[str] = mapped_column(Text)
    client_id: Mapped[str | None] = mapped_column(String(64))
    extra: Mapped[dict[str, Any] | None]


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

"""The hotline desk (热线): calls as a PBX reports them, the events already applied,
and QC's score of a handled call.

A ``PhoneCall`` (models/chat.py) stays one row per *handled* call (通时通次 count them);
a ``HotlineCall`` is the PBX's call from the first ring, handled or missed."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, fk, id_column, ref_column


class CallState(StrEnum):
    ringing = "ringing"
    answered = "answered"
    ended = "ended"
    missed = "missed"


class HotlineCall(Base):
    __tablename__ = "hotline_calls"

    id: Mapped[str] = id_column()
    pbx_call_id: Mapped[str] = mapped_column(String(128), unique=True)
    direction: Mapped[str] = mapped_column(String(8))
    phone: Mapped[str] = mapped_column(String(32), index=True)  # the other party, normalised
    state: Mapped[str] = mapped_column(String(12), index=True)
    customer_id: Mapped[str | None] = ref_column("customers.id", nullable=True)
    agent_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    rang_at: Mapped[dt.datetime] = mapped_column(index=True)
    answered_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    phone_call_id: Mapped[str | None] = ref_column("phone_calls.id", nullable=True)
    task_id: Mapped[str | None] = ref_column("tasks.id", nullable=True, index=False)


class PbxEvent(Base):
    """One applied PBX event: a second post of the same (call id, event) changes nothing."""

    __tablename__ = "pbx_events"

    call_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    event: Mapped[str] = mapped_column(String(16), primary_key=True)
    received_at: Mapped[dt.datetime]


class CallReview(Base):
    """QC's score of a handled call on the sheet chats are scored with (50/30/20)."""

    __tablename__ = "call_reviews"

    phone_call_id: Mapped[str] = mapped_column(String(64), fk("phone_calls.id"), primary_key=True)
    reviewer_id: Mapped[str] = ref_column("agents.id", index=False)
    reviewed_at: Mapped[dt.datetime]
    quantified: Mapped[int] = mapped_column(SmallInteger)
    quality: Mapped[int] = mapped_column(SmallInteger)
    skills: Mapped[int] = mapped_column(SmallInteger)
    total: Mapped[float]
    comment: Mapped[str | None] = mapped_column(Text)

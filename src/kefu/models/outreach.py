"""Reaching buyers again (issue 16): follow-ups of inquirers who did not buy
(询单跟进) with their second and third contacts, and incident notices (异常通知)
sent to the buyers of affected orders, one row per notice and buyer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, id_column, ref_column


class FollowUp(Base):
    """One inquiry that did not convert, taken up by an agent: why the buyer did not
    buy. ``inquired_at`` is the first buyer message the 72 h window counts from."""

    __tablename__ = "followups"
    __table_args__ = (UniqueConstraint("customer_id", "inquired_at"),)

    id: Mapped[str] = id_column()
    customer_id: Mapped[str] = ref_column("customers.id")
    inquired_at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    agent_id: Mapped[str] = ref_column("agents.id")
    created_at: Mapped[dt.datetime]


class FollowUpContact(Base):
    """The second (2) or third (3) contact of a follow-up: due at an absolute time,
    done when the agent has reached the buyer."""

    __tablename__ = "followup_contacts"
    __table_args__ = (UniqueConstraint("followup_id", "round"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    followup_id: Mapped[str] = ref_column("followups.id")
    round: Mapped[int]
    due_at: Mapped[dt.datetime] = mapped_column(index=True)
    done_at: Mapped[dt.datetime | None]
    done_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    note: Mapped[str | None] = mapped_column(Text)


class IncidentNotice(Base):
    """A message to every buyer of the orders an incident affects (a supplier, a
    stock-out, a courier that stopped). ``filters`` choose the orders."""

    __tablename__ = "incident_notices"

    id: Mapped[str] = id_column()
    title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(16))  # chat, email, call_task
    filters: Mapped[dict[str, Any]]
    created_by: Mapped[str] = ref_column("agents.id")
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]


class IncidentSend(Base):
    """What one buyer got from one notice. Unique per notice and buyer, so sending a
    notice again reaches nobody twice; ``deferred`` ones go out at ``due_at`` (the end
    of quiet hours)."""

    __tablename__ = "incident_sends"
    __table_args__ = (UniqueConstraint("notice_id", "customer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notice_id: Mapped[str] = ref_column("incident_notices.id")
    customer_id: Mapped[str] = ref_column("customers.id")
    order_ids: Mapped[list[str]]
    channel: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))  # sent, deferred, skipped
    reason: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None]
    due_at: Mapped[dt.datetime]
    at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]

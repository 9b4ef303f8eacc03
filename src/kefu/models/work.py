"""Tasks (a unit of work for an agent with a due time), knowledge-base entries
and quick phrases (快捷短语)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, fk, id_column, ref_column


class TaskKind(StrEnum):
    payment_reminder = "payment_reminder"
    incident_call = "incident_call"  # an incident notice given by phone
    cod_confirmation = "cod_confirmation"
    followup_contact = "followup_contact"  # a second/third contact of a non-buyer (kefu.followup)
    offline_message = "offline_message"
    logistics_exception = "logistics_exception"
    complaint_followup = "complaint_followup"
    review_followup = "review_followup"
    callback = "callback"
    care = "care"
    shipping_notice = "shipping_notice"
    delivery_followup = "delivery_followup"
    complaint_escalation = "complaint_escalation"
    campaign_alert = "campaign_alert"  # 大促: orders near the 24-hour limit (kefu.order.campaign)
    claims_sheet = "claims_sheet"  # the month's parcel claims to finance
    ticket_answer = "ticket_answer"  # a department answered an internal ticket
    abuse_report = "abuse_report"  # an agent reported an abusive buyer to the lead
    refund_review = "refund_review"
    hotline_call = "hotline_call"  # an outbound call for the hotline, with a script (kefu.hotline)


class TaskStatus(StrEnum):
    open = "open"
    done = "done"
    skipped = "skipped"
    cancelled = "cancelled"


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_open_due", "status", "due_at"),)

    id: Mapped[str] = id_column()
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=TaskStatus.open)
    title: Mapped[str] = mapped_column(String(255))
    due_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
    result_note: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    group_id: Mapped[str | None] = ref_column("agent_groups.id", nullable=True)
    customer_id: Mapped[str | None] = ref_column("customers.id", nullable=True)
    order_id: Mapped[str | None] = ref_column("orders.id", nullable=True)
    session_id: Mapped[str | None] = ref_column("chat_sessions.id", nullable=True)
    # Scheduled evaluators are idempotent: the same reason for a task maps to one key.
    dedupe_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    payload: Mapped[dict[str, Any] | None]


class ShopSetting(Base):
    """A shop rule staff change at run time (working hours, greeting…); defaults in code."""

    __tablename__ = "shop_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class CaseCounter(Base):
    """The last case number given out per kind and day (``TS20261201`` → 3). Staff read
    case numbers out to buyers and type them, so they count up within a day."""

    __tablename__ = "case_counters"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class KbEntry(Base):
    """A FAQ entry: the intent it answers, question variants, an answer template."""

    __tablename__ = "kb_entries"

    id: Mapped[str] = id_column()
    intent: Mapped[str] = mapped_column(String(64), index=True)
    questions: Mapped[list[str]]
    answer: Mapped[str] = mapped_column(Text)
    product_id: Mapped[str | None] = ref_column("products.id", nullable=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[dt.datetime]


class ProposalStatus(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    rejected = "rejected"


class KbProposal(Base):
    """A FAQ entry that ``kefu bot mine`` proposes from the shop's history: a
    recurring buyer question (its variants and the messages they came from), the
    answer agents gave most, the intent. A supervisor accepts (it becomes a
    ``KbEntry``), edits or rejects it."""

    __tablename__ = "kb_proposals"

    id: Mapped[str] = id_column()
    intent: Mapped[str] = mapped_column(String(64), index=True)
    questions: Mapped[list[str]]
    answer: Mapped[str] = mapped_column(Text)
    alternatives: Mapped[list[str]]  # other answers agents gave, most given first
    message_ids: Mapped[list[str]]  # the buyer messages of the cluster
    count: Mapped[int]  # how often the question was asked
    sessions: Mapped[int]  # in how many sessions
    status: Mapped[str] = mapped_column(String(16), default=ProposalStatus.proposed, index=True)
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    decided_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    kb_entry_id: Mapped[str | None] = mapped_column(  # the entry may be deleted later
        String(64), fk("kb_entries.id", ondelete="SET NULL")
    )


class IntentLabel(Base):
    """An agent's "this is intent X" on a buyer message: a labelled example for
    the next ``kefu bot train``. One per message; marking again replaces it."""

    __tablename__ = "intent_labels"

    message_id: Mapped[str] = mapped_column(String(64), fk("messages.id"), primary_key=True)
    intent: Mapped[str] = mapped_column(String(64))
    agent_id: Mapped[str] = ref_column("agents.id", index=False)
    at: Mapped[dt.datetime]


class QuickPhrase(Base):
    """A canned reply. ``owner_id`` null means a team phrase, else a personal one."""

    __tablename__ = "quick_phrases"

    id: Mapped[str] = id_column()
    shortcut: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    group_name: Mapped[str | None] = mapped_column(String(64))
    owner_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    campaign: Mapped[bool] = mapped_column(default=False)  # pinned first in surge mode

"""Shifts and duties (排班 / 值班): templates, the weekly rota, duties per day and their
rotation, handovers (交接班), and each agent's own auto-reply for 忙碌/离开."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import ID_LENGTH, Base, fk, id_column, ref_column


class DutyKind(StrEnum):
    """The duties named per day (service-standard.md: a night duty for refunds and the
    hotline, today's 催付 agent, an on-call person after hours)."""

    payment_reminder = "payment_reminder"
    night_refund_review = "night_refund_review"
    night_hotline = "night_hotline"
    on_call = "on_call"


class ShiftTemplate(Base):
    """A shift as the rota names it: 早班 08:00-16:00; ``ends`` before ``starts`` runs
    past midnight (夜班 22:00-06:00)."""

    __tablename__ = "shift_templates"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(32), unique=True)
    starts: Mapped[str] = mapped_column(String(5))
    ends: Mapped[str] = mapped_column(String(5))
    position: Mapped[int] = mapped_column(Integer, default=0)


class RotaEntry(Base):
    """One agent's shift on one day (the day the shift starts, in the shop's zone)."""

    __tablename__ = "rota_entries"

    agent_id: Mapped[str] = mapped_column(String(ID_LENGTH), fk("agents.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True, index=True)
    template_id: Mapped[str] = ref_column("shift_templates.id")


class Duty(Base):
    """Who holds a duty on a day; without a row the duty's rotation decides."""

    __tablename__ = "duties"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    agent_id: Mapped[str] = ref_column("agents.id")


class DutyRotation(Base):
    """A duty that passes round named agents, one a day, counted from ``starts_on``."""

    __tablename__ = "duty_rotations"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    agent_ids: Mapped[list[str]]
    starts_on: Mapped[dt.date] = mapped_column(Date)


class Handover(Base):
    """Notes and open items an agent leaves at the end of her shift for the next one."""

    __tablename__ = "handovers"

    id: Mapped[str] = id_column()
    agent_id: Mapped[str] = ref_column("agents.id")
    group_id: Mapped[str | None] = ref_column("agent_groups.id", nullable=True)
    written_at: Mapped[dt.datetime] = mapped_column(index=True)
    notes: Mapped[str] = mapped_column(Text)
    open_items: Mapped[dict[str, Any]]  # {"items": [{"kind", "text", "ref"}]}
    acknowledged_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    acknowledged_at: Mapped[dt.datetime | None]


class HandoverRecipient(Base):
    """One agent a handover is addressed to: the next shift on the rota (its group when the
    rota names nobody); she sees the banner and may acknowledge."""

    __tablename__ = "handover_recipients"

    handover_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), fk("handovers.id", ondelete="CASCADE"), primary_key=True
    )
    agent_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), fk("agents.id"), primary_key=True, index=True
    )


class AgentAutoReply(Base):
    """Her own text sent to a buyer who writes while she is 忙碌 or 离开."""

    __tablename__ = "agent_auto_replies"

    agent_id: Mapped[str] = mapped_column(String(ID_LENGTH), fk("agents.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)

"""Targets and the monthly appraisal (绩效考核): sales targets per agent or group and
month, the shop's KPI targets, and the skills score a lead gives each agent a month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import ID_LENGTH, Base, fk, ref_column


class SalesTarget(Base):
    """A month's sales target (营业额目标) of one agent or one group."""

    __tablename__ = "sales_targets"
    __table_args__ = (UniqueConstraint("month", "agent_id", "group_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # 2026-11
    agent_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    group_id: Mapped[str | None] = ref_column("agent_groups.id", nullable=True)
    amount: Mapped[Decimal]
    set_by: Mapped[str] = ref_column("agents.id", index=False)
    set_at: Mapped[dt.datetime]


class KpiTarget(Base):
    """The shop's target for one KPI and which way is better (首次响应 lower, 转化率 higher)."""

    __tablename__ = "kpi_targets"

    kpi: Mapped[str] = mapped_column(String(40), primary_key=True)
    target: Mapped[float]
    higher_is_better: Mapped[bool]


class SkillsScore(Base):
    """The skills part (20 %) of an agent's month, scored 0–100 by her lead."""

    __tablename__ = "skills_scores"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    agent_id: Mapped[str] = mapped_column(String(ID_LENGTH), fk("agents.id"), primary_key=True)
    score: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[str] = ref_column("agents.id", index=False)
    at: Mapped[dt.datetime]


class AppraisalSnapshot(Base):
    """A month's computed KPIs (the slow part of the appraisal), kept so a page does not
    recount the whole month on every request; ``people`` is the fingerprint of who was
    appraised. Targets, QC and skills are applied on top at each read (appraisal/snapshot.py)."""

    __tablename__ = "appraisal_snapshots"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    people: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[dt.datetime]
    kpis: Mapped[dict[str, Any]]

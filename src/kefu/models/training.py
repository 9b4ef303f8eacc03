"""Training from QC (培训): courses with a quiz, who must take them and why, rectification
notices (整改通知单) and the QC staff's process-improvement proposals."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, id_column, ref_column


class CourseKind(StrEnum):
    general = "general"
    qc_rule = "qc_rule"  # assigned when an agent repeats its QC rule
    product = "product"  # assigned to the groups that sell a product when it launches


class Course(Base):
    __tablename__ = "courses"

    id: Mapped[str] = id_column()
    title: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    qc_rule: Mapped[str | None] = mapped_column(String(40), index=True)
    product_id: Mapped[str | None] = ref_column("products.id", nullable=True)
    group_ids: Mapped[list[str]]  # the groups that sell the product
    launch_at: Mapped[dt.datetime | None]  # the product's launch (上新)
    kb_entry_ids: Mapped[list[str]]  # articles from the knowledge base
    notes: Mapped[str] = mapped_column(Text)  # product notes, what to learn
    # [{"question", "options": [...], "answer": index}]
    quiz: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    pass_mark: Mapped[int] = mapped_column(SmallInteger)  # percent of right answers
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = ref_column("agents.id", index=False)


class AssignmentReason(StrEnum):
    lead = "lead"
    qc_rule = "qc_rule"
    product_launch = "product_launch"


class CourseAssignment(Base):
    """One agent's course to take; passed once a quiz attempt reaches the pass mark."""

    __tablename__ = "course_assignments"
    __table_args__ = (UniqueConstraint("dedupe_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    course_id: Mapped[str] = ref_column("courses.id")
    agent_id: Mapped[str] = ref_column("agents.id")
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    assigned_at: Mapped[dt.datetime]
    assigned_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    due_at: Mapped[dt.datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    best_score: Mapped[int | None] = mapped_column(SmallInteger)
    passed_at: Mapped[dt.datetime | None]
    dedupe_key: Mapped[str] = mapped_column(String(160))


class NoticeStatus(StrEnum):
    open = "open"  # waiting for the agent's reply
    replied = "replied"  # waiting for the lead's check
    closed = "closed"  # the lead accepted the rectification


class RectificationNotice(Base):
    """整改通知单: a lead's findings to an agent, the deadline, her reply, the lead's check."""

    __tablename__ = "rectification_notices"

    id: Mapped[str] = id_column()
    agent_id: Mapped[str] = ref_column("agents.id")
    lead_id: Mapped[str] = ref_column("agents.id", index=False)
    findings: Mapped[str] = mapped_column(Text)
    session_ids: Mapped[list[str]]
    due_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(12), index=True)
    created_at: Mapped[dt.datetime]
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[dt.datetime | None]
    check_note: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[dt.datetime | None]


class ImprovementStatus(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    rejected = "rejected"


class ImprovementProposal(Base):
    """A process-improvement proposal from QC staff, accepted or rejected by the 质检主管."""

    __tablename__ = "improvement_proposals"

    id: Mapped[str] = id_column()
    author_id: Mapped[str] = ref_column("agents.id")
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), index=True)
    created_at: Mapped[dt.datetime]
    decided_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    decided_at: Mapped[dt.datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)

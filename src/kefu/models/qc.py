"""Quality-inspection results: one inspection per closed session, its findings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, fk, ref_column


class QcInspection(Base):
    __tablename__ = "qc_inspections"

    session_id: Mapped[str] = mapped_column(String(64), fk("chat_sessions.id"), primary_key=True)
    agent_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    score: Mapped[int] = mapped_column(SmallInteger)
    flagged: Mapped[bool] = mapped_column(index=True)
    inspected_at: Mapped[dt.datetime]


class QcFinding(Base):
    __tablename__ = "qc_findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = ref_column("qc_inspections.session_id")
    rule: Mapped[str] = mapped_column(String(40), index=True)
    severity: Mapped[str] = mapped_column(String(8))
    message_id: Mapped[str | None] = mapped_column(String(64))
    # whom the finding is charged to: the author of its message, or for a session rule the
    # agent responsible at the moment the rule names (kefu.qc.session)
    agent_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    excerpt: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(12))  # confirmed / dismissed by a reviewer


class QcReview(Base):
    """A session in the QC queue (flagged, or drawn in the weekly sample) and, once
    reviewed, the reviewer's sheet: quantified 50 %, work quality 30 %, skills 20 %."""

    __tablename__ = "qc_reviews"

    session_id: Mapped[str] = mapped_column(
        String(64), fk("qc_inspections.session_id"), primary_key=True
    )
    agent_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    reason: Mapped[str] = mapped_column(String(12))  # flagged / sample
    queued_at: Mapped[dt.datetime]
    reviewer_id: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    quantified: Mapped[int | None] = mapped_column(SmallInteger)
    quality: Mapped[int | None] = mapped_column(SmallInteger)
    skills: Mapped[int | None] = mapped_column(SmallInteger)
    total: Mapped[float | None]
    comment: Mapped[str | None] = mapped_column(Text)

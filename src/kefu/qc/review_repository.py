"""Every query of the QC review workflow."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, case, func, select, union
from sqlalchemy.orm import Session

from kefu.models import ChatSession, Message, QcFinding, QcInspection, QcReview
from kefu.qc.rules import WEIGHTS


def review(db: Session, session_id: str) -> QcReview | None:
    return db.get(QcReview, session_id)


def add(db: Session, row: QcReview) -> None:
    db.add(row)
    db.flush()


def queued(db: Session, limit: int = 200) -> list[tuple[QcReview, QcInspection]]:
    query = (
        select(QcReview, QcInspection)
        .join(QcInspection, QcInspection.session_id == QcReview.session_id)
        .where(QcReview.reviewed_at.is_(None))
        .order_by(QcReview.queued_at)
        .limit(limit)
    )
    return [(review, inspection) for review, inspection in db.execute(query)]


def inspections_opened_between(
    db: Session, start: dt.datetime, end: dt.datetime
) -> list[QcInspection]:
    query = (
        select(QcInspection)
        .join(ChatSession, ChatSession.id == QcInspection.session_id)
        .where(
            ChatSession.opened_at >= start,
            ChatSession.opened_at < end,
            QcInspection.agent_id.is_not(None),
        )
        .order_by(QcInspection.session_id)
    )
    return list(db.scalars(query))


def reviewed_sessions(db: Session, session_ids: list[str]) -> dict[str, str]:
    if not session_ids:
        return {}
    query = select(QcReview.session_id, QcReview.reason).where(QcReview.session_id.in_(session_ids))
    return {session_id: reason for session_id, reason in db.execute(query)}


def findings(db: Session, session_id: str) -> list[QcFinding]:
    return list(
        db.scalars(
            select(QcFinding).where(QcFinding.session_id == session_id).order_by(QcFinding.id)
        )
    )


def _sessions_of(agent_id: str) -> Select[tuple[str]]:
    """The inspected sessions an agent took part in: wrote in, was charged a finding of, or
    held at the close. A transferred session is on the record of each of its agents."""
    return (
        union(
            select(Message.session_id).where(
                Message.sender == "agent", Message.agent_id == agent_id
            ),
            select(QcFinding.session_id).where(QcFinding.agent_id == agent_id),
            select(QcInspection.session_id).where(QcInspection.agent_id == agent_id),
        )
        .subquery()
        .select()
    )


def done_for_agent(db: Session, agent_id: str, limit: int = 100) -> list[QcReview]:
    query = (
        select(QcReview)
        .where(QcReview.session_id.in_(_sessions_of(agent_id)), QcReview.reviewed_at.is_not(None))
        .order_by(QcReview.reviewed_at.desc())
        .limit(limit)
    )
    return list(db.scalars(query))


def rule_counts_for_agent(db: Session, agent_id: str) -> dict[str, int]:
    """Findings charged to the agent that no reviewer dismissed, by rule."""
    query = (
        select(QcFinding.rule, func.count())
        .where(QcFinding.agent_id == agent_id)
        .where((QcFinding.verdict.is_(None)) | (QcFinding.verdict != "dismissed"))
        .group_by(QcFinding.rule)
    )
    return {rule: count for rule, count in db.execute(query)}


def inspection_summary(db: Session, agent_id: str) -> tuple[int, float | None]:
    """How many inspected sessions the agent took part in, and their mean score counting
    only the findings charged to the agent (100 minus their weights, never below 0)."""
    weight = case(*((QcFinding.severity == s, w) for s, w in WEIGHTS.items()), else_=0)
    lost = (
        select(QcFinding.session_id, func.sum(weight).label("points"))
        .where(QcFinding.agent_id == agent_id)
        .group_by(QcFinding.session_id)
        .subquery()
    )
    kept = 100 - func.coalesce(lost.c.points, 0)
    query = (
        select(func.count(), func.avg(case((kept < 0, 0), else_=kept)))
        .select_from(QcInspection)
        .outerjoin(lost, lost.c.session_id == QcInspection.session_id)
        .where(QcInspection.session_id.in_(_sessions_of(agent_id)))
    )
    count, average = db.execute(query).one()
    return count or 0, average

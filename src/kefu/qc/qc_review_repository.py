"""Every query of the QC review workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, case, func, select, union
from sqlalchemy.orm import Session

from kefu.kit.filters import narrow, text_search
from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import Agent, ChatSession, Message, QcFinding, QcInspection, QcReview
from kefu.qc.rules import WEIGHTS
from kefu.qc.schemas import QueueFilters


def review(db: Session, session_id: str) -> QcReview | None:
    return db.get(QcReview, session_id)


def add(db: Session, row: QcReview) -> None:
    db.add(row)
    db.flush()


def queue_page(db: Session, f: QueueFilters, params: PageParams) -> tuple[list[Any], int]:
    """Sessions waiting for a reviewer, with their inspection and the agent's name."""
    query = narrow(
        select(QcReview, QcInspection, Agent.name)
        .join(QcInspection, QcInspection.session_id == QcReview.session_id)
        .outerjoin(Agent, Agent.id == QcReview.agent_id)
        .where(QcReview.reviewed_at.is_(None)),
        QcReview.reason.in_(f.reason) if f.reason else None,
        QcReview.agent_id == f.agent_id if f.agent_id else None,
        text_search(f.q, exact=[QcReview.session_id, QcReview.agent_id], partial=[Agent.name]),
    )
    sorts = {"queued_at": QcReview.queued_at, "score": QcInspection.score}
    default = [QcReview.queued_at, QcReview.session_id]
    return fetch_page(db, order_by(query, params.sort, sorts, default), params)


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

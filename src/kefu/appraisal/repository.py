"""Every query of the appraisal domain: targets, skills scores, QC means, the people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kefu.models import (
    Agent,
    AgentGroup,
    AppraisalSnapshot,
    ChatSession,
    KpiTarget,
    QcInspection,
    SalesTarget,
    SkillsScore,
)
from kefu.models.team import Role


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def delete(db: Session, row: object) -> None:
    db.delete(row)
    db.flush()


def people(db: Session) -> list[Row[Any]]:
    """Everyone appraised (active, not the supervisor): ``id, name, role, group_id, group``."""
    query = (
        select(Agent.id, Agent.name, Agent.role, Agent.group_id, AgentGroup.name.label("group"))
        .outerjoin(AgentGroup, AgentGroup.id == Agent.group_id)
        .where(Agent.active.is_(True), Agent.role != Role.supervisor)
        .order_by(Agent.id)
    )
    return list(db.execute(query))


def groups(db: Session) -> list[Row[Any]]:
    return list(db.execute(select(AgentGroup.id, AgentGroup.name).order_by(AgentGroup.id)))


def sales_targets(db: Session, month: str) -> list[SalesTarget]:
    query = select(SalesTarget).where(SalesTarget.month == month)
    return list(db.scalars(query.order_by(SalesTarget.id)))


def sales_target(
    db: Session, month: str, *, agent_id: str | None, group_id: str | None
) -> SalesTarget | None:
    query = select(SalesTarget).where(
        SalesTarget.month == month,
        SalesTarget.agent_id.is_(None) if agent_id is None else SalesTarget.agent_id == agent_id,
        SalesTarget.group_id.is_(None) if group_id is None else SalesTarget.group_id == group_id,
    )
    return db.scalar(query)


def kpi_targets(db: Session) -> list[KpiTarget]:
    return list(db.scalars(select(KpiTarget).order_by(KpiTarget.kpi)))


def kpi_target(db: Session, kpi: str) -> KpiTarget | None:
    return db.get(KpiTarget, kpi)


def skills_scores(db: Session, month: str) -> list[SkillsScore]:
    return list(db.scalars(select(SkillsScore).where(SkillsScore.month == month)))


def skills_score(db: Session, month: str, agent_id: str) -> SkillsScore | None:
    return db.get(SkillsScore, (month, agent_id))


def qc_sums(db: Session, start: dt.datetime, end: dt.datetime) -> list[Row[Any]]:
    """Per agent: the sum and count of QC scores of her inspected sessions opened in the period."""
    query = (
        select(QcInspection.agent_id, func.sum(QcInspection.score), func.count())
        .join(ChatSession, ChatSession.id == QcInspection.session_id)
        .where(
            ChatSession.opened_at >= start,
            ChatSession.opened_at < end,
            QcInspection.agent_id.is_not(None),
        )
        .group_by(QcInspection.agent_id)
    )
    return list(db.execute(query))


def snapshot(db: Session, month: str) -> AppraisalSnapshot | None:
    return db.get(AppraisalSnapshot, month)


def keep_snapshot(db: Session, row: AppraisalSnapshot) -> None:
    """Store (or replace) the month's snapshot; two requests counting the same month at
    once both succeed, the later one's row stays."""
    try:
        with db.begin_nested():
            db.merge(row)
    except IntegrityError:
        pass  # another request kept the month first: the same counts

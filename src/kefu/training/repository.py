"""Every query of the training domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from kefu.models import (
    Agent,
    AgentGroup,
    ChatSession,
    Course,
    CourseAssignment,
    ImprovementProposal,
    KbEntry,
    Product,
    QcFinding,
    RectificationNotice,
)


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def course(db: Session, course_id: str) -> Course | None:
    return db.get(Course, course_id)


def courses(db: Session) -> list[Course]:
    return list(db.scalars(select(Course).order_by(Course.created_at.desc(), Course.id)))


def courses_of_kind(db: Session, kind: str) -> list[Course]:
    return list(db.scalars(select(Course).where(Course.kind == kind).order_by(Course.id)))


def kb_entries(db: Session, ids: list[str]) -> list[KbEntry]:
    return list(db.scalars(select(KbEntry).where(KbEntry.id.in_(ids)))) if ids else []


def product_title(db: Session, product_id: str | None) -> str | None:
    return (
        None
        if product_id is None
        else db.scalar(select(Product.title).where(Product.id == product_id))
    )


def assignment(db: Session, assignment_id: int) -> CourseAssignment | None:
    return db.get(CourseAssignment, assignment_id)


def assignment_by_key(db: Session, key: str) -> CourseAssignment | None:
    return db.scalar(select(CourseAssignment).where(CourseAssignment.dedupe_key == key))


def assignments(db: Session, agent_ids: frozenset[str] | None) -> list[Row[Any]]:
    """Assignments with the course title and the agent's name, newest first."""
    query = (
        select(CourseAssignment, Course.title, Agent.name)
        .join(Course, Course.id == CourseAssignment.course_id)
        .join(Agent, Agent.id == CourseAssignment.agent_id)
        .order_by(CourseAssignment.assigned_at.desc(), CourseAssignment.id.desc())
    )
    if agent_ids is not None:
        query = query.where(CourseAssignment.agent_id.in_(agent_ids))
    return list(db.execute(query))


def last_assigned(db: Session, course_id: str) -> dict[str, dt.datetime]:
    """Agent → when this course was last assigned to her."""
    query = (
        select(CourseAssignment.agent_id, func.max(CourseAssignment.assigned_at))
        .where(CourseAssignment.course_id == course_id)
        .group_by(CourseAssignment.agent_id)
    )
    return {agent: at for agent, at in db.execute(query)}


def rule_findings(db: Session, rule: str, since: dt.datetime) -> list[Row[Any]]:
    """Findings of a rule charged to an agent (not dismissed by a reviewer) in sessions
    opened since ``since``: ``agent_id, session_id, opened_at``, oldest first."""
    query = (
        select(QcFinding.agent_id, QcFinding.session_id, ChatSession.opened_at)
        .join(ChatSession, ChatSession.id == QcFinding.session_id)
        .where(
            QcFinding.rule == rule,
            QcFinding.agent_id.is_not(None),
            ChatSession.opened_at >= since,
            or_(QcFinding.verdict.is_(None), QcFinding.verdict != "dismissed"),
        )
        .order_by(ChatSession.opened_at, QcFinding.id)
    )
    return list(db.execute(query))


def violation_counts(db: Session, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """Per agent: QC findings charged to her (not dismissed) in sessions of the period."""
    query = (
        select(QcFinding.agent_id, func.count())
        .join(ChatSession, ChatSession.id == QcFinding.session_id)
        .where(
            QcFinding.agent_id.is_not(None),
            ChatSession.opened_at >= start,
            ChatSession.opened_at < end,
            or_(QcFinding.verdict.is_(None), QcFinding.verdict != "dismissed"),
        )
        .group_by(QcFinding.agent_id)
    )
    return {agent: count for agent, count in db.execute(query)}


def active_agents_in_groups(db: Session, group_ids: list[str]) -> list[str]:
    query = select(Agent.id).where(Agent.group_id.in_(group_ids), Agent.active.is_(True))
    return list(db.scalars(query.order_by(Agent.id)))


def people(db: Session) -> list[Row[Any]]:
    query = (
        select(Agent.id, Agent.name, AgentGroup.name.label("group"))
        .outerjoin(AgentGroup, AgentGroup.id == Agent.group_id)
        .where(Agent.active.is_(True))
        .order_by(Agent.id)
    )
    return list(db.execute(query))


def agent_names(db: Session, ids: set[str]) -> dict[str, str]:
    query = select(Agent.id, Agent.name).where(Agent.id.in_(ids))
    return {agent_id: name for agent_id, name in db.execute(query)} if ids else {}


def notice(db: Session, notice_id: str) -> RectificationNotice | None:
    return db.get(RectificationNotice, notice_id)


def notices(db: Session, agent_ids: frozenset[str] | None) -> list[RectificationNotice]:
    query = select(RectificationNotice).order_by(
        RectificationNotice.created_at.desc(), RectificationNotice.id
    )
    if agent_ids is not None:
        query = query.where(RectificationNotice.agent_id.in_(agent_ids))
    return list(db.scalars(query))


def proposal(db: Session, proposal_id: str) -> ImprovementProposal | None:
    return db.get(ImprovementProposal, proposal_id)


def proposals(db: Session) -> list[ImprovementProposal]:
    query = select(ImprovementProposal).order_by(
        ImprovementProposal.created_at.desc(), ImprovementProposal.id
    )
    return list(db.scalars(query))

"""Every query of surge mode: what a group's queue and agents look like now."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.models import Agent, ChatSession
from kefu.models.chat import SessionStatus
from kefu.models.team import AgentStatus


def recent_handlings(
    db: Session, *, group_id: str, limit: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """(assigned_at, closed_at) of the group's latest chats that a person served."""
    query = (
        select(ChatSession.assigned_at, ChatSession.closed_at)
        .where(
            ChatSession.group_id == group_id,
            ChatSession.status == SessionStatus.closed,
            ChatSession.agent_id.is_not(None),
            ChatSession.assigned_at.is_not(None),
            ChatSession.closed_at.is_not(None),
        )
        .order_by(ChatSession.closed_at.desc())
        .limit(limit)
    )
    return [(assigned, closed) for assigned, closed in db.execute(query)]


def online_limits(db: Session, *, group_id: str) -> list[int]:
    """Each online agent's own concurrent chat limit."""
    query = select(Agent.max_concurrent).where(
        Agent.group_id == group_id, Agent.status == AgentStatus.online, Agent.active.is_(True)
    )
    return list(db.scalars(query))


def waiting(db: Session, *, group_id: str) -> int:
    query = select(func.count()).where(
        ChatSession.group_id == group_id, ChatSession.status == SessionStatus.queued
    )
    return db.scalar(query) or 0

"""Who is serving whom right now: the supervisor's live view, and the colleagues an
agent can hand a chat to (with their load, so a transfer is not refused for capacity)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.chat import repository
from kefu.chat.schemas import AgentLoad, ColleaguesOut, GroupOut, OverviewOut, QueueOut
from kefu.kit import clock
from kefu.messaging import queries as messaging_queries
from kefu.messaging.schemas import SessionOut
from kefu.models import Agent
from kefu.models.chat import SessionStatus
from kefu.models.team import SERVICE_ROLES, AgentStatus
from kefu.surge import service as surge
from kefu.team import service as team_service


def overview(db: Session) -> OverviewOut:
    """Every group's queue (empty ones too, so a quiet group is seen to be quiet), the load of
    everyone who takes chats, and the buyers waiting too long."""
    waiting = repository.sessions_with_unread(
        db,
        waiting_before=clock.now() - messaging_queries.WAITING_ALERT,
        statuses=(SessionStatus.queued, SessionStatus.assigned),
    )
    queued = {g: (n, t) for g, n, t in messaging_queries.queue_summary(db) if g}
    loads = [(a, load) for a, load in repository.agents_with_load(db) if a.role in SERVICE_ROLES]
    names = _group_names(db, set(queued) | {a.group_id for a, _ in loads})
    raised = surge.chat_limit(db) or 0
    return OverviewOut(
        queues=[
            QueueOut(
                group_id=g,
                group_name=name,
                queued=queued.get(g, (0, None))[0],
                oldest_queued_at=queued.get(g, (0, None))[1],
            )
            for g, name in names.items()
        ],
        agents=[_load(agent, load, names, raised) for agent, load in loads],
        waiting_over_60s=[
            SessionOut.model_validate(s).model_copy(update={"customer_nick": nick, "unread": n})
            for s, nick, n in waiting
        ],
        offline_open=messaging_queries.count_with_status(db, status=SessionStatus.offline),
    )


def colleagues(db: Session, *, agent: Agent) -> ColleaguesOut:
    """Everyone else who takes chats, and every group with how many could take one now."""
    loads = [
        (other, load)
        for other, load in repository.agents_with_load(db)
        if other.id != agent.id and other.role in SERVICE_ROLES
    ]
    names = _group_names(db, {other.group_id for other, _ in loads})
    raised = surge.chat_limit(db) or 0  # surge mode's per-agent limit, where it is higher
    free = {
        group: sum(
            1
            for other, load in loads
            if other.group_id == group
            and other.status == AgentStatus.online
            and load < max(other.max_concurrent, raised)
        )
        for group in names
    }
    return ColleaguesOut(
        agents=[_load(other, load, names, raised) for other, load in loads],
        groups=[GroupOut(id=g, name=names[g], free=free[g]) for g in sorted(names)],
    )


def _load(agent: Agent, load: int, names: dict[str, str], raised: int) -> AgentLoad:
    """An agent's load against her limit (surge mode's where it is higher)."""
    return AgentLoad(
        id=agent.id,
        name=agent.name,
        role=agent.role,
        group_id=agent.group_id,
        group_name=names.get(agent.group_id or ""),
        status=agent.status,
        load=load,
        max_concurrent=max(agent.max_concurrent, raised),
    )


def _group_names(db: Session, group_ids: set[str | None]) -> dict[str, str]:
    return {
        g: team_service.group_name(db, group_id=g) or g for g in sorted(x for x in group_ids if x)
    }

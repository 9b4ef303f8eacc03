"""Handover (交接班): notes and open items an agent leaves at the end of her shift.

The next shift of her group sees them (a badge in the staff app) until one of them
acknowledges; leads see and acknowledge their groups' handovers, the supervisor everyone's.
The form is prefilled from what she still holds: chats she is serving and her open tasks
(promised call-backs among them), so nothing waiting is forgotten at the change of shift.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.chat import queries as chat_queries
from kefu.config import get_settings
from kefu.kit import clock
from kefu.kit.errors import Conflict, Forbidden, found
from kefu.kit.ids import new_id
from kefu.models import Agent, Handover
from kefu.shift import events, repository
from kefu.task import service as task_service
from kefu.team import leads
from kefu.team import service as team_service

SHOWN_FOR = dt.timedelta(days=7)
PENDING_FOR = dt.timedelta(hours=24)  # older unacknowledged notes no longer raise the badge
FAR = dt.timedelta(days=3650)


def draft(db: Session, *, agent: Agent) -> dict[str, Any]:
    """The open items the form starts with: her chats and her open tasks."""
    now = clock.now()
    chats = [
        {
            "kind": "chat",
            "ref": row.id,
            "text": f"与 {row.customer_nick or row.customer_id} 的会话",
        }
        for row in chat_queries.workbench_sessions(db, agent=agent)
        if row.agent_id == agent.id
    ]
    tasks = task_service.due_for(db, agent=agent, until=now + FAR, now=now, limit=50)
    items = [
        {"kind": "task", "ref": task.id, "text": f"{task.title}（{_due(task.due_at)}前）"}
        for (task,) in tasks.rows
    ]
    return {"notes": "", "items": chats + items}


def _due(at: dt.datetime) -> str:
    return clock.in_zone(at, get_settings().shop_timezone).strftime("%m-%d %H:%M")


def do_write(db: Session, *, agent: Agent, notes: str, items: list[dict[str, str]]) -> Handover:
    row = Handover(
        id=new_id("ho"),
        agent_id=agent.id,
        group_id=agent.group_id,
        written_at=clock.now(),
        notes=notes,
        open_items={"items": items},
    )
    repository.add(db, row)
    colleagues = [
        other.id
        for other in team_service.list_agents(db)
        if other.group_id == agent.group_id and other.id != agent.id
    ]
    events.handover_written(db, handover_id=row.id, agent_ids=colleagues)
    return row


def _groups_seen(db: Session, *, actor: Agent) -> frozenset[str] | None:
    """The groups whose handovers the actor reads: her own and those she leads; all for the
    supervisor."""
    managed = leads.managed_group_ids(db, actor=actor)
    if managed is None:
        return None
    return managed | ({actor.group_id} if actor.group_id else set())


def _agents_seen(db: Session, *, actor: Agent) -> frozenset[str] | None:
    groups = _groups_seen(db, actor=actor)
    if groups is None:
        return None
    return frozenset(agent.id for agent in team_service.list_agents(db) if agent.group_id in groups)


def handovers(db: Session, *, actor: Agent, pending_only: bool = False) -> list[dict[str, Any]]:
    """The handovers the actor may read, newest first; ``pending_only``: those written by
    others in the last day and not yet acknowledged (the badge)."""
    now = clock.now()
    since = now - (PENDING_FOR if pending_only else SHOWN_FOR)
    rows = repository.handovers(db, since=since, agent_ids=_agents_seen(db, actor=actor), limit=100)
    if pending_only:
        rows = [row for row in rows if row.acknowledged_at is None and row.agent_id != actor.id]
    people = {row.agent_id for row in rows} | {r.acknowledged_by for r in rows if r.acknowledged_by}
    names = team_service.names_of(db, agent_ids=people)
    return [out(row, names=names, actor=actor) for row in rows]


def out(row: Handover, *, names: dict[str, str], actor: Agent) -> dict[str, Any]:
    return {
        "id": row.id,
        "agent_id": row.agent_id,
        "agent_name": names.get(row.agent_id, row.agent_id),
        "written_at": row.written_at,
        "notes": row.notes,
        "items": row.open_items.get("items", []),
        "acknowledged_by": row.acknowledged_by,
        "acknowledged_by_name": names.get(row.acknowledged_by or ""),
        "acknowledged_at": row.acknowledged_at,
        "can_acknowledge": row.acknowledged_at is None and row.agent_id != actor.id,
    }


def do_acknowledge(db: Session, *, actor: Agent, handover_id: str) -> Handover:
    """The next shift confirms it has read the notes; once."""
    row = found(repository.handover(db, handover_id), "没有这条交接记录", code="handover_not_found")
    seen = _agents_seen(db, actor=actor)
    if seen is not None and row.agent_id not in seen:
        raise Forbidden("这条交接记录不属于您的分组", code="outside_team")
    if row.agent_id == actor.id:
        raise Conflict("自己写的交接记录由下一班确认", code="own_handover")
    if row.acknowledged_at is not None:
        raise Conflict("这条交接记录已经确认过了", code="already_acknowledged")
    row.acknowledged_by, row.acknowledged_at = actor.id, clock.now()
    db.flush()
    return row

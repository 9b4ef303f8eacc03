"""Handover (交接班): notes and open items an agent leaves at the end of her shift.

They go to the next shift as the rota names it: the people of her group on shift when hers
ends, else those of the first shift after (shift/coverage.py ``next_shift``); only when the
rota names nobody, to her whole group. Those addressed see a badge until one of them
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
from kefu.kit.paging import PageParams, paged
from kefu.models import Agent, Handover
from kefu.models.team import MANAGER_ROLES
from kefu.shift import events, repository
from kefu.shift.coverage import next_shift
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
    now = clock.now()
    row = Handover(
        id=new_id("ho"),
        agent_id=agent.id,
        group_id=agent.group_id,
        written_at=now,
        notes=notes,
        open_items={"items": items},
    )
    repository.add(db, row)
    addressed = sorted(recipients(db, agent=agent, at=now))
    repository.add_recipients(db, row.id, addressed)
    events.handover_written(db, handover_id=row.id, agent_ids=addressed)
    return row


def recipients(db: Session, *, agent: Agent, at: dt.datetime) -> set[str]:
    """Her group's people on the next shift; the whole group when the rota names nobody."""
    group = {
        other.id
        for other in team_service.list_agents(db)
        if other.active and other.group_id == agent.group_id and other.id != agent.id
    }
    return next_shift(db, agent_id=agent.id, at=at, among=group) or group


def handovers(
    db: Session,
    *,
    actor: Agent,
    params: PageParams,
    pending_only: bool = False,
    q: str | None = None,
) -> dict[str, Any]:
    """The handovers the actor may read, newest first: those she wrote or is addressed, and
    her groups' when she leads (everyone's for the supervisor). ``pending_only``: those
    addressed to her in the last day and not yet acknowledged (the badge)."""
    since = clock.now() - (PENDING_FOR if pending_only else SHOWN_FOR)
    rows, total = repository.handovers(
        db,
        since=since,
        reader_id=actor.id,
        writer_ids=leads.managed_agent_ids(db, actor=actor),
        pending=pending_only,
        q=q,
        params=params,
    )
    addressed = repository.recipients_of(db, [row.id for row in rows])
    people = {row.agent_id for row in rows} | {r.acknowledged_by for r in rows if r.acknowledged_by}
    people |= {who for ids in addressed.values() for who in ids}
    names = team_service.names_of(db, agent_ids=people)
    items = [out(row, names=names, actor=actor, to=addressed.get(row.id, [])) for row in rows]
    return paged(items, total, params)


def out(row: Handover, *, names: dict[str, str], actor: Agent, to: list[str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "agent_id": row.agent_id,
        "agent_name": names.get(row.agent_id, row.agent_id),
        "written_at": row.written_at,
        "notes": row.notes,
        "items": row.open_items.get("items", []),
        "recipient_ids": to,
        "recipient_names": [names.get(who, who) for who in to],
        "acknowledged_by": row.acknowledged_by,
        "acknowledged_by_name": names.get(row.acknowledged_by or ""),
        "acknowledged_at": row.acknowledged_at,
        "can_acknowledge": row.acknowledged_at is None
        and row.agent_id != actor.id
        and (actor.id in to or actor.role in MANAGER_ROLES),
    }


def do_acknowledge(db: Session, *, actor: Agent, handover_id: str) -> Handover:
    """The next shift confirms it has read the notes; once."""
    row = found(repository.handover(db, handover_id), "没有这条交接记录", code="handover_not_found")
    if row.agent_id == actor.id:
        raise Conflict("自己写的交接记录由下一班确认", code="own_handover")
    managed = leads.managed_agent_ids(db, actor=actor)
    addressed = actor.id in repository.recipient_ids(db, row.id)
    if not addressed and managed is not None and row.agent_id not in managed:
        raise Forbidden("这条交接记录不是交给您的", code="outside_team")
    if row.acknowledged_at is not None:
        raise Conflict("这条交接记录已经确认过了", code="already_acknowledged")
    row.acknowledged_by, row.acknowledged_at = actor.id, clock.now()
    db.flush()
    return row


def shown(db: Session, *, row: Handover, actor: Agent) -> dict[str, Any]:
    """One handover as the lists show it (after writing or acknowledging)."""
    to = sorted(repository.recipient_ids(db, row.id))
    people = {row.agent_id, actor.id, *to}
    return out(row, names=team_service.names_of(db, agent_ids=people), actor=actor, to=to)

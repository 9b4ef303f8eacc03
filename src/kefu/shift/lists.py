"""The rota and the duties as paged lists (排班明细, 值班明细): every list of the staff app
answers ``{"items", "total", "page", "page_size"}``. A lead lists her own groups' people
only; naming another group or person is 403 ``outside_team``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit.paging import PageParams, paged
from kefu.models import Agent
from kefu.models.shift import DutyKind
from kefu.shift import repository
from kefu.shift.repository import ListFilters
from kefu.shift.service import DUTY_LABELS, shift_text
from kefu.team import leads
from kefu.team import service as team_service


def _filters(
    db: Session,
    *,
    actor: Agent,
    date_from: dt.date | None,
    date_to: dt.date | None,
    group_id: str | None,
    agent_id: str | None,
    q: str | None,
) -> ListFilters:
    """The people the actor may list, narrowed to a group or one agent (each checked)."""
    within = leads.managed_agent_ids(db, actor=actor)
    if group_id is not None:
        leads.check_manages_group(db, actor=actor, group_id=group_id)
        members = {a.id for a in team_service.list_agents(db) if a.group_id == group_id}
        within = frozenset(members if within is None else within & members)
    if agent_id is not None:
        leads.check_manages(db, actor=actor, agent_id=agent_id)
        within = frozenset({agent_id})
    return ListFilters(date_from=date_from, date_to=date_to, agent_ids=within, q=q or None)


def entries(db: Session, *, actor: Agent, params: PageParams, **filters: Any) -> dict[str, Any]:
    rows, total = repository.entry_page(db, _filters(db, actor=actor, **filters), params)
    groups = {group for _entry, _name, group, _shift in rows if group}
    group_names = {group: team_service.group_name(db, group_id=group) for group in groups}
    items = [
        {
            "id": f"{entry.agent_id}:{entry.day}",
            "agent_id": entry.agent_id,
            "agent_name": name,
            "group_name": group_names.get(group) if group else None,
            "day": entry.day,
            "template_id": shift.id,
            "shift_name": shift.name,
            "shift_text": shift_text(shift),
        }
        for entry, name, group, shift in rows
    ]
    return paged(items, total, params)


def duties(
    db: Session, *, actor: Agent, params: PageParams, kind: DutyKind | None, **filters: Any
) -> dict[str, Any]:
    """The named duty holders (days left to a rotation are not rows)."""
    scope = _filters(db, actor=actor, **filters)
    rows, total = repository.duty_page(
        db, scope, params, kind=kind.value if kind is not None else None
    )
    items = [
        {
            "id": f"{duty.day}:{duty.kind}",
            "day": duty.day,
            "kind": duty.kind,
            "label": DUTY_LABELS[DutyKind(duty.kind)],
            "agent_id": duty.agent_id,
            "agent_name": name,
        }
        for duty, name in rows
    ]
    return paged(items, total, params)

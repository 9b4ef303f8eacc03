"""The rota and duties as the supervisor and leads edit them (排班).

A lead edits her own groups' people only: every change and every view asks team's
leads (``managed_agent_ids``/``check_manages``), so one rule decides who is whose. Routing
and proactive tasks read the result through shift/coverage.py, never these tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Conflict, found
from kefu.kit.ids import new_id
from kefu.models import Agent, Duty, DutyRotation, RotaEntry, ShiftTemplate
from kefu.models.shift import DutyKind
from kefu.models.team import ROLE_LABELS, Role
from kefu.shift import repository
from kefu.shift.coverage import DAY, duty_holder
from kefu.team import leads
from kefu.team import service as team_service

WEEK = dt.timedelta(days=7)
# The shifts a shop starts with (service-standard.md: 三班倒, night and overnight shifts).
DEFAULT_TEMPLATES = (
    ("早班", "08:00", "16:00"),
    ("中班", "12:00", "20:00"),
    ("晚班", "16:00", "24:00"),
    ("夜班", "22:00", "06:00"),
    ("通宵", "20:00", "08:00"),
)
DUTY_LABELS = {
    DutyKind.payment_reminder: "今日催付",
    DutyKind.night_refund_review: "夜间退款审核",
    DutyKind.night_hotline: "夜间热线",
    DutyKind.on_call: "下班后值班",
}
WEEKDAYS = "一二三四五六日"


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def templates(db: Session) -> list[ShiftTemplate]:
    """The shop's shifts; the five usual ones are created on first use."""
    rows = repository.templates(db)
    if rows:
        return rows
    for position, (name, starts, ends) in enumerate(DEFAULT_TEMPLATES):
        repository.add(
            db,
            ShiftTemplate(id=new_id("sh"), name=name, starts=starts, ends=ends, position=position),
        )
    return repository.templates(db)


def do_add_template(db: Session, *, name: str, starts: str, ends: str) -> ShiftTemplate:
    if any(row.name == name for row in templates(db)):
        raise Conflict(f"班次“{name}”已存在", code="template_exists")
    row = ShiftTemplate(
        id=new_id("sh"), name=name, starts=starts, ends=ends, position=len(templates(db))
    )
    repository.add(db, row)
    return row


def do_remove_template(db: Session, *, template_id: str) -> None:
    row = get_template(db, template_id)
    if repository.template_in_use(db, template_id):
        raise Conflict(f"班次“{row.name}”已排在排班表里，不能删除", code="template_in_use")
    repository.delete_row(db, row)


def get_template(db: Session, template_id: str) -> ShiftTemplate:
    return found(repository.template(db, template_id), "没有这个班次", code="template_not_found")


def shift_text(shift: ShiftTemplate) -> str:
    """早班 08:00–16:00, 夜班 22:00–次日06:00."""
    crosses = shift.ends == "24:00" or shift.ends <= shift.starts
    ends = "24:00" if shift.ends == "24:00" else shift.ends
    return f"{shift.starts}–{'次日' if crosses and ends != '24:00' else ''}{ends}"


def _agents(db: Session, *, actor: Agent, group_id: str | None) -> list[Agent]:
    if group_id is not None:
        leads.check_manages_group(db, actor=actor, group_id=group_id)
    within = leads.managed_agent_ids(db, actor=actor)
    return sorted(
        (
            agent
            for agent in team_service.list_agents(db)
            if agent.active
            and (within is None or agent.id in within)
            and (group_id is None or agent.group_id == group_id)
        ),
        key=lambda agent: (agent.group_id is None, agent.group_id or "", agent.name, agent.id),
    )


def week(db: Session, *, actor: Agent, start: dt.date, group_id: str | None = None) -> dict:
    """The week grid: the actor's people × seven days, each cell the shift's id or None."""
    start = week_start(start)
    days = [start + dt.timedelta(days=n) for n in range(7)]
    agents = _agents(db, actor=actor, group_id=group_id)
    rows = repository.entries(db, days[0], days[-1], agent_ids=[agent.id for agent in agents])
    cells = {(entry.agent_id, entry.day): entry.template_id for entry, _shift in rows}
    groups = {
        agent.group_id: team_service.group_name(db, group_id=agent.group_id) for agent in agents
    }
    return {
        "week_start": start,
        "days": [{"day": day, "label": f"周{WEEKDAYS[day.weekday()]}"} for day in days],
        "templates": [template_out(row) for row in templates(db)],
        "agents": [
            {
                "id": agent.id,
                "name": agent.name,
                "group_id": agent.group_id,
                "group_name": groups.get(agent.group_id),
                "role_label": ROLE_LABELS[Role(agent.role)],
                "shifts": [cells.get((agent.id, day)) for day in days],
            }
            for agent in agents
        ],
        "duties": duties_of_week(db, start=start),
    }


def template_out(row: ShiftTemplate) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "starts": row.starts,
        "ends": row.ends,
        "text": shift_text(row),
    }


def do_set_shift(
    db: Session, *, actor: Agent, agent_id: str, day: dt.date, template_id: str | None
) -> RotaEntry | None:
    """Put ``agent_id`` on a shift on ``day`` (None: take her off)."""
    leads.check_manages(db, actor=actor, agent_id=agent_id)
    if team_service.get_agent(db, agent_id) is None:
        raise BadInput(f"没有客服 {agent_id}", code="agent_not_found")
    entry = repository.entry(db, agent_id, day)
    if template_id is None:
        if entry is not None:
            repository.delete_row(db, entry)
        return None
    get_template(db, template_id)
    if entry is None:
        entry = RotaEntry(agent_id=agent_id, day=day, template_id=template_id)
        repository.add(db, entry)
    entry.template_id = template_id
    db.flush()
    return entry


def do_copy_last_week(
    db: Session, *, actor: Agent, start: dt.date, agent_ids: list[str] | None = None
) -> int:
    """The week before ``start``'s becomes this week's for the actor's people (or the ones
    named, each checked); this week's entries of theirs are replaced. Returns how many."""
    start = week_start(start)
    if agent_ids is None:
        agent_ids = [agent.id for agent in _agents(db, actor=actor, group_id=None)]
    for agent_id in agent_ids:
        leads.check_manages(db, actor=actor, agent_id=agent_id)
    last = repository.entries(db, start - WEEK, start - DAY, agent_ids=agent_ids)
    repository.clear_entries(db, start, start + WEEK - DAY, agent_ids)
    for entry, _shift in last:
        db.add(
            RotaEntry(agent_id=entry.agent_id, day=entry.day + WEEK, template_id=entry.template_id)
        )
    db.flush()
    return len(last)


def do_replace_week(
    db: Session, *, actor: Agent, start: dt.date, cells: dict[str, list[str | None]]
) -> int:
    """An imported week: each agent's seven cells (template ids) replace her week."""
    for agent_id in cells:
        leads.check_manages(db, actor=actor, agent_id=agent_id)
    repository.clear_entries(db, start, start + WEEK - DAY, list(cells))
    count = 0
    for agent_id, shifts in cells.items():
        for offset, template_id in enumerate(shifts):
            if template_id is not None:
                day = start + dt.timedelta(days=offset)
                db.add(RotaEntry(agent_id=agent_id, day=day, template_id=template_id))
                count += 1
    db.flush()
    return count


def duties_of_week(db: Session, *, start: dt.date) -> list[dict[str, Any]]:
    """Each day's duty holders (named or by rotation), with names, for the calendar."""
    days = [start + dt.timedelta(days=n) for n in range(7)]
    named = {(row.day, row.kind) for row in repository.duties(db, days[0], days[-1])}
    holders = {
        (day, kind): duty_holder(db, kind=kind, day=day) for day in days for kind in DutyKind
    }
    names = _names(db, [agent for agent in holders.values() if agent])
    return [
        {
            "day": day,
            "kind": kind.value,
            "label": DUTY_LABELS[kind],
            "agent_id": agent_id,
            "agent_name": names.get(agent_id) if agent_id else None,
            "by_rotation": agent_id is not None and (day, kind.value) not in named,
        }
        for (day, kind), agent_id in holders.items()
    ]


def named_duty_holder(db: Session, *, day: dt.date, kind: DutyKind) -> str | None:
    """Who is named for the duty on ``day`` (None: the rotation decides)."""
    row = repository.duty(db, day, kind.value)
    return row.agent_id if row else None


def do_set_duty(
    db: Session, *, actor: Agent, day: dt.date, kind: DutyKind, agent_id: str | None
) -> None:
    """Name the day's holder of a duty (None: back to the rotation)."""
    row = repository.duty(db, day, kind.value)
    if row is not None:
        leads.check_manages(db, actor=actor, agent_id=row.agent_id)
    if agent_id is None:
        if row is not None:
            repository.delete_row(db, row)
        return
    leads.check_manages(db, actor=actor, agent_id=agent_id)
    if row is None:
        repository.add(db, Duty(day=day, kind=kind.value, agent_id=agent_id))
    else:
        row.agent_id = agent_id
        db.flush()


def do_set_rotation(
    db: Session, *, actor: Agent, kind: DutyKind, agent_ids: list[str], starts_on: dt.date
) -> DutyRotation:
    """The duty passes round ``agent_ids``, one a day from ``starts_on``."""
    row = repository.rotation(db, kind.value)
    for agent_id in [*agent_ids, *(row.agent_ids if row else [])]:
        leads.check_manages(db, actor=actor, agent_id=agent_id)
    if row is None:
        row = DutyRotation(kind=kind.value, agent_ids=agent_ids, starts_on=starts_on)
        repository.add(db, row)
    row.agent_ids, row.starts_on = list(agent_ids), starts_on
    db.flush()
    return row


def rotations(db: Session) -> list[dict[str, Any]]:
    rows = repository.rotations(db)
    names = _names(db, [agent for row in rows for agent in row.agent_ids])
    return [
        {
            "kind": row.kind,
            "label": DUTY_LABELS[DutyKind(row.kind)],
            "starts_on": row.starts_on,
            "agents": [{"id": agent, "name": names.get(agent, agent)} for agent in row.agent_ids],
        }
        for row in rows
    ]


def _names(db: Session, agent_ids: list[str]) -> dict[str, str]:
    return team_service.names_of(db, agent_ids=set(agent_ids))

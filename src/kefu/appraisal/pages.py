"""What the appraisal pages show: the month's rows for the people the viewer manages
(names, groups, each KPI's score next to its value), one agent's page."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.appraisal import repository, scoring, service
from kefu.kit.errors import BadInput, NotFound
from kefu.kit.paging import PageParams, paged
from kefu.kpi import online
from kefu.models import Agent
from kefu.team import leads

SORTS = ("appraisal_score", "quantified", "quality", "skills", "name")


def rows(
    db: Session, *, month: str, tz: str, within: frozenset[str] | None
) -> list[dict[str, Any]]:
    """Every appraised agent among ``within`` (None: everyone), with her month."""
    report = service.build(db, month=month, tz=tz)
    goals = service.kpi_targets(db)
    skills = {row.agent_id: row for row in repository.skills_scores(db, month)}
    out = []
    for person in repository.people(db):
        if within is not None and person.id not in within:
            continue
        result, scored = report["agents"][person.id], skills.get(person.id)
        out.append(
            {
                "agent_id": person.id,
                "name": person.name,
                "role": person.role,
                "group_id": person.group_id,
                "group_name": person.group,
                **result,
                "scores": scoring.rounded_scores(result["kpis"], goals),
                "skills_comment": None if scored is None else scored.comment,
            }
        )
    return out


def page(
    db: Session,
    *,
    actor: Agent,
    month: str,
    tz: str,
    params: PageParams,
    q: str | None,
    group_id: str | None,
) -> dict[str, Any]:
    """The team's month: a lead's own groups only; sorted by score, best first."""
    within = leads.managed_agent_ids(db, actor=actor)
    found = [
        row
        for row in rows(db, month=month, tz=tz, within=within)
        if (not q or q in row["name"] or q in row["agent_id"])
        and (not group_id or row["group_id"] == group_id)
    ]
    sort = params.sort or "-appraisal_score"
    key = sort.removeprefix("-")
    if key not in SORTS:
        raise BadInput(f"不能按 {key} 排序，可选：{', '.join(SORTS)}", code="bad_sort")
    present = sorted(
        (row for row in found if row[key] is not None),
        key=lambda row: row[key],
        reverse=sort.startswith("-"),
    )
    ordered = present + [row for row in found if row[key] is None]
    return paged(ordered[params.offset : params.offset + params.page_size], len(found), params)


def agent_month(db: Session, *, actor: Agent, agent_id: str, month: str, tz: str) -> dict[str, Any]:
    """One agent's month: her own, or one of the actor's people (403 ``outside_team``)."""
    if actor.id != agent_id:
        leads.check_manages(db, actor=actor, agent_id=agent_id)
    found = rows(db, month=month, tz=tz, within=frozenset({agent_id}))
    if not found:
        raise NotFound("这位客服不参加考核", code="no_appraisal")
    start, end = service.month_bounds(month, tz)
    return {
        **found[0],
        "month": month,
        "online_by_day": online.online_hours_by_day(
            db, agent_id=agent_id, start=start, end=end, tz=tz
        ),
        "targets": [
            {"kpi": kpi, "target": target, "higher_is_better": higher}
            for kpi, (target, higher) in service.kpi_targets(db).items()
        ],
        "can_score": actor.id != agent_id,
    }

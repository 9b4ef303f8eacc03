"""Targets and the monthly appraisal (绩效考核). A lead sets targets and skills scores
for her own groups' people only, and sees only their appraisals (kefu.team.leads
decides who is whose); the supervisor does it all and alone sets the shop's KPI targets."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.appraisal import repository, scoring, snapshot
from kefu.kit import clock
from kefu.kit.dates import FIRST_YEAR, LAST_YEAR, OUT_OF_RANGE
from kefu.kit.errors import BadInput, Forbidden
from kefu.kit.money import format_yuan
from kefu.kpi.team import target_rate
from kefu.models import Agent, KpiTarget, SalesTarget, SkillsScore
from kefu.models.team import Role
from kefu.team import leads

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_bounds(month: str, tz: str) -> tuple[dt.datetime, dt.datetime]:
    """``2026-11`` → [11-01 00:00, 12-01 00:00) in the shop's zone."""
    match = MONTH.match(month)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise BadInput(f"月份应为 2026-11 这样的格式，而不是 {month!r}", code="bad_month")
    if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        raise BadInput(OUT_OF_RANGE, code="bad_month")
    first = dt.date(int(match.group(1)), int(match.group(2)), 1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return clock.local_midnight(first, tz), clock.local_midnight(following, tz)


def kpi_targets(db: Session) -> dict[str, tuple[float, bool]]:
    return {row.kpi: (row.target, row.higher_is_better) for row in repository.kpi_targets(db)}


def do_set_kpi_target(
    db: Session, *, kpi: str, target: float | None, higher_is_better: bool | None = None
) -> None:
    """The shop's target for one KPI (the supervisor's form); ``None`` removes it."""
    if kpi not in scoring.HIGHER_IS_BETTER:
        raise BadInput(f"不能为 {kpi} 设目标", code="unknown_kpi")
    row = repository.kpi_target(db, kpi)
    if target is None:
        if row is not None:
            repository.delete(db, row)
        return
    if target <= 0:
        raise BadInput("目标值须大于 0", code="bad_target")
    higher = scoring.HIGHER_IS_BETTER[kpi] if higher_is_better is None else higher_is_better
    if row is None:
        repository.add(db, KpiTarget(kpi=kpi, target=target, higher_is_better=higher))
    else:
        row.target, row.higher_is_better = target, higher
        db.flush()


def check_target_scope(
    db: Session, *, actor: Agent, agent_id: str | None, group_id: str | None
) -> None:
    """A target belongs to exactly one agent or one group the actor manages."""
    if (agent_id is None) == (group_id is None):
        raise BadInput("目标须指定一位客服或一个分组", code="bad_target_owner")
    if agent_id is not None:
        leads.check_manages(db, actor=actor, agent_id=agent_id)
    else:
        leads.check_manages_group(db, actor=actor, group_id=group_id)


def do_set_sales_target(
    db: Session,
    *,
    actor: Agent,
    month: str,
    amount: Decimal | None,
    agent_id: str | None = None,
    group_id: str | None = None,
) -> SalesTarget | None:
    """Set (or with ``amount`` None remove) a month's sales target of an agent or a group."""
    month_bounds(month, "UTC")
    check_target_scope(db, actor=actor, agent_id=agent_id, group_id=group_id)
    row = repository.sales_target(db, month, agent_id=agent_id, group_id=group_id)
    if amount is None:
        if row is not None:
            repository.delete(db, row)
        return None
    if amount <= 0:
        raise BadInput("销售目标须大于 0", code="bad_target")
    if row is None:
        row = SalesTarget(month=month, agent_id=agent_id, group_id=group_id, amount=amount)
        row.set_by, row.set_at = actor.id, clock.now()
        repository.add(db, row)
    else:
        row.amount, row.set_by, row.set_at = amount, actor.id, clock.now()
        db.flush()
    return row


def sales_targets(db: Session, *, actor: Agent, month: str) -> list[dict[str, Any]]:
    """The month's targets the actor may see, with names, and how far each is reached."""
    month_bounds(month, "UTC")
    within = leads.managed_agent_ids(db, actor=actor)
    groups_within = leads.managed_group_ids(db, actor=actor)
    names = {row.id: row.name for row in repository.people(db)}
    group_names = {row.id: row.name for row in repository.groups(db)}
    out = []
    for row in repository.sales_targets(db, month):
        if not _visible(row, within, groups_within):
            continue
        out.append(
            {
                "id": row.id,
                "month": row.month,
                "agent_id": row.agent_id,
                "agent_name": names.get(row.agent_id or ""),
                "group_id": row.group_id,
                "group_name": group_names.get(row.group_id or ""),
                "amount": format_yuan(row.amount),
            }
        )
    return out


def _visible(
    row: SalesTarget, within: frozenset[str] | None, groups: frozenset[str] | None
) -> bool:
    if row.agent_id is not None:
        return within is None or row.agent_id in within
    return groups is None or row.group_id in groups


def do_score_skills(
    db: Session, *, actor: Agent, agent_id: str, month: str, score: int, comment: str | None
) -> SkillsScore:
    """The lead's skills score (技能 20 %) of one of her people for a month."""
    month_bounds(month, "UTC")
    leads.check_manages(db, actor=actor, agent_id=agent_id)
    if actor.id == agent_id and actor.role != Role.supervisor:
        raise Forbidden("不能给自己打技能分", code="own_score")
    if not 0 <= score <= 100:
        raise BadInput("技能分须在 0 到 100 之间", code="bad_score")
    row = repository.skills_score(db, month, agent_id)
    if row is None:
        row = SkillsScore(month=month, agent_id=agent_id, score=score)
        db.add(row)
    row.score, row.comment, row.reviewer_id, row.at = score, comment, actor.id, clock.now()
    db.flush()
    return row


def managed(db: Session, *, actor: Agent) -> frozenset[str] | None:
    return leads.managed_agent_ids(db, actor=actor)


def names(db: Session) -> dict[str, str]:
    """Agent id → name, for sheets."""
    return {row.id: row.name for row in repository.people(db)}


def build(db: Session, *, month: str, tz: str, store: bool = True) -> dict[str, Any]:
    """``{"month", "agents": {id: {quantified, quality, skills, appraisal_score, kpis}}}``
    for every appraised agent: what ``kefu report appraisal`` prints. The month's KPIs come
    from its snapshot (appraisal/snapshot.py; ``store``: keep a new count); targets, QC
    and skills are read now."""
    start, end = month_bounds(month, tz)
    people = [row.id for row in repository.people(db)]
    targets = {
        row.agent_id: row.amount
        for row in repository.sales_targets(db, month)
        if row.agent_id is not None
    }
    kpis = snapshot.month_kpis(
        db, month=month, start=start, end=end, people=people, sales_targets=targets, store=store
    )
    goals = kpi_targets(db)
    quality = {
        agent: Decimal(total) / count / 100
        for agent, total, count in repository.qc_sums(db, start, end)
    }
    skills = {row.agent_id: Decimal(row.score) / 100 for row in repository.skills_scores(db, month)}
    agents = {
        agent: scoring.appraise(kpis[agent], goals, quality.get(agent), skills.get(agent))
        for agent in people
    }
    return {"month": month, "agents": agents}


def group_rates(
    db: Session, *, month: str, report: dict[str, Any], actor: Agent
) -> list[dict[str, Any]]:
    """Each group's sales, target and 营业额完成率 (its members' credited sales)."""
    within = leads.managed_group_ids(db, actor=actor)
    targets = {
        row.group_id: row.amount for row in repository.sales_targets(db, month) if row.group_id
    }
    sales: dict[str, Decimal] = {}
    for row in repository.people(db):
        if row.group_id and row.id in report["agents"]:
            got = Decimal(report["agents"][row.id]["kpis"]["agent_sales"])
            sales[row.group_id] = sales.get(row.group_id, Decimal("0.00")) + got
    return [
        {
            "group_id": group.id,
            "group_name": group.name,
            "agent_sales": format_yuan(sales.get(group.id, Decimal("0.00"))),
            "target": None if group.id not in targets else format_yuan(targets[group.id]),
            "sales_target_rate": target_rate(
                sales.get(group.id, Decimal(0)), targets.get(group.id)
            ),
        }
        for group in repository.groups(db)
        if within is None or group.id in within
    ]

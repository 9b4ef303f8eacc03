"""Leads (组长, 售前/售后/质检/热线主管) and whom they manage.

A lead manages the people of the groups she leads and nobody else: she sees and changes
their accounts, rota and appraisals, never another group's. The supervisor (主管) manages
everyone. Features that belong to a team (rota, appraisal, training) ask here rather than
checking roles themselves, so one rule decides who is whose.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Forbidden
from kefu.models import Agent
from kefu.models.team import LEAD_ROLES, MANAGER_ROLES, Role
from kefu.team import repository


def is_lead(agent: Agent) -> bool:
    return Role(agent.role) in LEAD_ROLES


def managed_group_ids(db: Session, *, actor: Agent) -> frozenset[str] | None:
    """The groups the actor manages; None means every group (the supervisor)."""
    if actor.role == Role.supervisor:
        return None
    if not is_lead(actor):
        return frozenset()
    return repository.group_ids_led_by(db, actor.id)


def managed_agent_ids(db: Session, *, actor: Agent) -> frozenset[str] | None:
    """The agents the actor manages; None means everyone (the supervisor)."""
    groups = managed_group_ids(db, actor=actor)
    return None if groups is None else people_in(db, group_ids=groups)


def people_in(db: Session, *, group_ids: frozenset[str]) -> frozenset[str]:
    """The agents of these groups (a lead's people, given the groups she leads)."""
    return repository.agent_ids_in_groups(db, group_ids)


def check_manages(db: Session, *, actor: Agent, agent_id: str) -> None:
    """403 unless the actor manages this agent."""
    within = managed_agent_ids(db, actor=actor)
    if within is not None and agent_id not in within:
        raise Forbidden("该客服不在您管理的分组内", code="outside_team")


def assigns_others(actor: Agent) -> bool:
    """A lead (her own people) or the supervisor (anyone) hands work to others."""
    return is_lead(actor) or actor.role == Role.supervisor


def check_hands_over(db: Session, *, actor: Agent, agent_id: str, current: str | None) -> None:
    """A lead hands a case only between her own people (its present holder, if any, and the
    new one); the supervisor between anyone. Refunds, complaints and tasks share the rule."""
    if not assigns_others(actor):
        raise Forbidden("只有组长或主管可以指派或改派", code="assign_forbidden")
    check_manages(db, actor=actor, agent_id=agent_id)
    if current is not None:
        check_manages(db, actor=actor, agent_id=current)


@dataclass(frozen=True)
class Holders:
    """Who may hold a kind of work (a refund, a complaint, a task), and how a hand-over to
    anyone else is refused."""

    roles: tuple[Role, ...]
    refusal: str  # after the person's id: "不是在职的售后客服"
    code: str


def check_receiver(db: Session, *, agent_id: str, holders: Holders) -> None:
    """400 unless the one work is handed to is an enabled person of the holders' roles."""
    agent = repository.get_agent(db, agent_id)
    if agent is None or not agent.active or Role(agent.role) not in holders.roles:
        raise BadInput(f"{agent_id} {holders.refusal}", code=holders.code)


def hand_over_choices(
    db: Session, *, actor: Agent, roles: tuple[Role, ...]
) -> list[dict[str, str]]:
    """Whom ``actor`` may hand work to, by name (the 指派/改派 choices): the enabled people
    of ``roles`` for the supervisor, her own people of them for a lead, nobody for the rest."""
    if not assigns_others(actor):
        return []
    agent_ids = repository.active_agent_ids(db, tuple(role.value for role in roles))
    within = managed_agent_ids(db, actor=actor)
    if within is not None:
        agent_ids = [agent_id for agent_id in agent_ids if agent_id in within]
    names = repository.agent_names(db, set(agent_ids))
    return [{"id": agent_id, "name": names[agent_id]} for agent_id in agent_ids]


def hand_over_detail(db: Session, *, before: str | None, after: str) -> dict[str, str]:
    """``{from, to}`` by name for the log of a hand-over (``from`` left out when it had nobody)."""
    names = repository.agent_names(db, {after, before} if before else {after})
    return {"from": names[before], "to": names[after]} if before else {"to": names[after]}


def check_manages_group(db: Session, *, actor: Agent, group_id: str | None) -> None:
    """403 unless the actor manages this group (a lead never manages "no group")."""
    within = managed_group_ids(db, actor=actor)
    if within is not None and group_id not in within:
        raise Forbidden("该分组不由您管理", code="outside_team")


def check_role_grant(*, actor: Agent, role: Role | None) -> None:
    """A lead may set her people's service roles, never make a lead or a supervisor."""
    if role is not None and actor.role != Role.supervisor and role in MANAGER_ROLES:
        raise Forbidden("只有主管可以任命主管或组长", code="role_grant_forbidden")


def do_set_group_leads(db: Session, *, group_id: str, lead_ids: list[str]) -> None:
    """Name the leads of a group (the supervisor's form): each must hold a lead role."""
    for lead_id in dict.fromkeys(lead_ids):
        lead = repository.get_agent(db, lead_id)
        if lead is None or not is_lead(lead):
            raise BadInput(f"{lead_id} 不是组长或主管账号", code="not_a_lead")
    repository.set_group_leads(db, group_id, list(dict.fromkeys(lead_ids)))


def leads_by_group(db: Session, *, group_ids: list[str]) -> dict[str, list[dict[str, str]]]:
    """Group id → its leads as {id, name}, for group rows."""
    leads: dict[str, list[dict[str, str]]] = {group_id: [] for group_id in group_ids}
    for group_id, agent_id, name in repository.leads_of_groups(db, group_ids):
        leads[group_id].append({"id": agent_id, "name": name})
    return leads


def led_group_names(db: Session, *, agent: Agent) -> list[str]:
    """The names of the groups a lead leads, sorted (none for anyone else): what her 本组
    on the task list stands for, since she leads a group without being in it."""
    if not is_lead(agent):
        return []
    groups = (
        repository.get_group(db, group_id) for group_id in managed_group_ids(db, actor=agent) or ()
    )
    return sorted(group.name for group in groups if group is not None)

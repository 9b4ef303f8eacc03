"""Every query of the team domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session, joinedload

from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import (
    Agent,
    AgentGroup,
    AgentStatusChange,
    ChatSession,
    Department,
    GroupLead,
    LoginSession,
    LoginThrottle,
    Task,
)
from kefu.models.team import AgentStatus, Role


def get_agent(db: Session, agent_id: str) -> Agent | None:
    return db.get(Agent, agent_id)


def get_agent_by_login(db: Session, login: str) -> Agent | None:
    return db.scalar(select(Agent).where(Agent.login == login))


AGENT_SORTS = {
    "login": Agent.login,
    "name": Agent.name,
    "role": Agent.role,
    "group": AgentGroup.name,
    "status": Agent.status,
    "max_concurrent": Agent.max_concurrent,
    "active": Agent.active,
    "created_at": Agent.created_at,
}


def agent_page(
    db: Session,
    params: PageParams,
    *,
    q: str | None = None,
    role: Role | None = None,
    group_id: str | None = None,
    active: bool | None = None,
    status: AgentStatus | None = None,
    within: frozenset[str] | None = None,
) -> tuple[list[Any], int]:
    """Rows of (Agent, group name) matching the filters, one page of them; ``within``
    limits them to a lead's people."""
    query: Select[Any] = select(Agent, AgentGroup.name).outerjoin(
        AgentGroup, AgentGroup.id == Agent.group_id
    )
    if q:
        pattern = f"%{q.strip()}%"
        query = query.where(or_(Agent.name.ilike(pattern), Agent.login.ilike(pattern)))
    if role is not None:
        query = query.where(Agent.role == role.value)
    if group_id is not None:
        query = query.where(Agent.group_id == group_id)
    if active is not None:
        query = query.where(Agent.active == active)
    if status is not None:
        query = query.where(Agent.status == status.value)
    if within is not None:
        query = query.where(Agent.id.in_(within))
    query = order_by(query, params.sort, AGENT_SORTS, (Agent.role, Agent.id))
    return fetch_page(db, query, params)


def count_active(db: Session, role: Role) -> int:
    query = select(func.count()).where(Agent.role == role.value, Agent.active.is_(True))
    return db.scalar(query) or 0


GROUP_AGENTS = func.count(Agent.id)


def _groups_with_counts() -> Select[Any]:
    """Rows of (group, agents, active agents, online agents)."""
    active = func.count(Agent.id).filter(Agent.active.is_(True))
    online = func.count(Agent.id).filter(
        Agent.active.is_(True), Agent.status != AgentStatus.offline.value
    )
    return (
        select(AgentGroup, GROUP_AGENTS, active, online)
        .outerjoin(Agent, Agent.group_id == AgentGroup.id)
        .group_by(AgentGroup.id, AgentGroup.name)
    )


def group_page(
    db: Session,
    params: PageParams,
    *,
    q: str | None = None,
    within: frozenset[str] | None = None,
) -> tuple[list[Any], int]:
    query = _groups_with_counts()
    if within is not None:
        query = query.where(AgentGroup.id.in_(within))
    if q:
        query = query.where(AgentGroup.name.ilike(f"%{q.strip()}%"))
    sorts = {"name": AgentGroup.name, "agents": GROUP_AGENTS}
    default = (AgentGroup.name, AgentGroup.id)
    return fetch_page(db, order_by(query, params.sort, sorts, default), params)


def group_with_counts(db: Session, group_id: str) -> Any:
    return db.execute(_groups_with_counts().where(AgentGroup.id == group_id)).one()


def group_by_name(db: Session, name: str) -> AgentGroup | None:
    return db.scalar(select(AgentGroup).where(AgentGroup.name == name))


def group_references(db: Session, group_id: str) -> dict[str, int]:
    """What still points at a group: its agents, and the chats and tasks routed to it."""
    return {
        "agents": db.scalar(select(func.count()).where(Agent.group_id == group_id)) or 0,
        "sessions": db.scalar(select(func.count()).where(ChatSession.group_id == group_id)) or 0,
        "tasks": db.scalar(select(func.count()).where(Task.group_id == group_id)) or 0,
    }


def delete_group(db: Session, group: AgentGroup) -> None:
    db.delete(group)
    db.flush()


def get_group(db: Session, group_id: str) -> AgentGroup | None:
    return db.get(AgentGroup, group_id)


def add(db: Session, row: Agent | AgentGroup | LoginSession) -> None:
    db.add(row)
    db.flush()


def get_login_session(db: Session, token_hash: str, *, now: dt.datetime) -> LoginSession | None:
    return db.scalar(
        select(LoginSession)
        .options(joinedload(LoginSession.agent))
        .where(LoginSession.token_hash == token_hash, LoginSession.expires_at > now)
    )


def count_login_sessions(db: Session, agent_id: str) -> int:
    query = select(func.count()).where(LoginSession.agent_id == agent_id)
    return db.scalar(query) or 0


def live_login_hashes(db: Session, token_hashes: set[str], *, now: dt.datetime) -> set[str]:
    query = select(LoginSession.token_hash).where(
        LoginSession.token_hash.in_(token_hashes), LoginSession.expires_at > now
    )
    return set(db.scalars(query))


def delete_login_sessions_of(db: Session, agent_id: str) -> None:
    db.execute(delete(LoginSession).where(LoginSession.agent_id == agent_id))


def delete_login_session(db: Session, token_hash: str) -> None:
    db.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash))


def delete_expired_login_sessions(db: Session, *, now: dt.datetime) -> None:
    db.execute(delete(LoginSession).where(LoginSession.expires_at <= now))


def agent_names(db: Session, agent_ids: set[str]) -> dict[str, str]:
    if not agent_ids:
        return {}
    query = select(Agent.id, Agent.name).where(Agent.id.in_(agent_ids))
    return {agent_id: name for agent_id, name in db.execute(query)}


def list_agents(db: Session) -> list[Agent]:
    return list(db.scalars(select(Agent).order_by(Agent.id)))


def throttles(db: Session, keys: list[str]) -> dict[str, LoginThrottle]:
    query = select(LoginThrottle).where(LoginThrottle.key.in_(keys))
    return {row.key: row for row in db.scalars(query)}


def add_throttle(db: Session, row: LoginThrottle) -> None:
    db.add(row)
    db.flush()


def delete_throttle(db: Session, key: str) -> bool:
    return bool(db.execute(delete(LoginThrottle).where(LoginThrottle.key == key)).rowcount)


def locked_throttles(db: Session, keys: list[str], *, now: dt.datetime) -> dict[str, dt.datetime]:
    query = select(LoginThrottle.key, LoginThrottle.locked_until).where(
        LoginThrottle.key.in_(keys), LoginThrottle.locked_until > now
    )
    return {key: until for key, until in db.execute(query)}


def group_ids_led_by(db: Session, agent_id: str) -> frozenset[str]:
    return frozenset(db.scalars(select(GroupLead.group_id).where(GroupLead.agent_id == agent_id)))


def agent_ids_in_groups(db: Session, group_ids: frozenset[str]) -> frozenset[str]:
    return frozenset(db.scalars(select(Agent.id).where(Agent.group_id.in_(group_ids))))


def leads_of_groups(db: Session, group_ids: list[str]) -> list[tuple[str, str, str]]:
    """(group id, lead id, lead name) for the given groups."""
    query = (
        select(GroupLead.group_id, Agent.id, Agent.name)
        .join(Agent, Agent.id == GroupLead.agent_id)
        .where(GroupLead.group_id.in_(group_ids))
        .order_by(Agent.name)
    )
    return [(group_id, agent_id, name) for group_id, agent_id, name in db.execute(query)]


def set_group_leads(db: Session, group_id: str, agent_ids: list[str]) -> None:
    db.execute(delete(GroupLead).where(GroupLead.group_id == group_id))
    db.add_all(GroupLead(group_id=group_id, agent_id=agent_id) for agent_id in agent_ids)
    db.flush()


def add_status_change(db: Session, change: AgentStatusChange) -> None:
    db.add(change)
    db.flush()


def status_changes(
    db: Session, agent_ids: list[str], *, start: dt.datetime, end: dt.datetime
) -> list[AgentStatusChange]:
    before = (
        select(func.max(AgentStatusChange.id))
        .where(AgentStatusChange.agent_id.in_(agent_ids), AgentStatusChange.at < start)
        .group_by(AgentStatusChange.agent_id)
    )
    query = (
        select(AgentStatusChange)
        .where(
            AgentStatusChange.agent_id.in_(agent_ids),
            or_(
                AgentStatusChange.id.in_(before),
                (AgentStatusChange.at >= start) & (AgentStatusChange.at < end),
            ),
        )
        .order_by(AgentStatusChange.at, AgentStatusChange.id)
    )
    return list(db.scalars(query))


def department_by_name(db: Session, name: str) -> Department | None:
    return db.scalar(select(Department).where(Department.name == name))


def active_agent_ids(db: Session, roles: tuple[str, ...]) -> list[str]:
    query = select(Agent.id).where(Agent.active.is_(True), Agent.role.in_(roles))
    return list(db.scalars(query.order_by(Agent.id)))

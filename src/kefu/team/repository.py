"""Every query of the team domain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, joinedload

from kefu.models import Agent, AgentGroup, LoginSession


def get_agent(session: Session, agent_id: str) -> Agent | None:
    return session.get(Agent, agent_id)


def get_agent_by_login(session: Session, login: str) -> Agent | None:
    return session.scalar(select(Agent).where(Agent.login == login))


def list_agents(session: Session) -> list[Agent]:
    return list(session.scalars(select(Agent).order_by(Agent.role, Agent.id)))


def get_group(session: Session, group_id: str) -> AgentGroup | None:
    return session.get(AgentGroup, group_id)


def add(session: Session, row: Agent | AgentGroup | LoginSession) -> None:
    session.add(row)
    session.flush()


def get_login_session(
    session: Session, token_hash: str, *, now: dt.datetime
) -> LoginSession | None:
    return session.scalar(
        select(LoginSession)
        .options(joinedload(LoginSession.agent))
        .where(LoginSession.token_hash == token_hash, LoginSession.expires_at > now)
    )


def count_login_sessions(session: Session, agent_id: str) -> int:
    query = select(func.count()).where(LoginSession.agent_id == agent_id)
    return session.scalar(query) or 0


def delete_login_session(session: Session, token_hash: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash))


def delete_expired_login_sessions(session: Session, *, now: dt.datetime) -> None:
    session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))


def agent_names(db: Session, agent_ids: set[str]) -> dict[str, str]:
    if not agent_ids:
        return {}
    query = select(Agent.id, Agent.name).where(Agent.id.in_(agent_ids))
    return {agent_id: name for agent_id, name in db.execute(query)}

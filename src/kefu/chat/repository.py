"""Every query of the chat domain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, and_, case, exists, func, or_, select, update
from sqlalchemy.orm import Session

from kefu.models import Agent, ChatSession, Customer, Message
from kefu.models.chat import Channel, Sender, SessionStatus
from kefu.models.team import AgentStatus


def _loads() -> Select[tuple[str, int]]:
    return (
        select(ChatSession.agent_id, func.count().label("load"))
        .where(ChatSession.status == SessionStatus.assigned)
        .group_by(ChatSession.agent_id)
    )


def agents_with_load(db: Session, *, group_id: str | None = None) -> list[tuple[Agent, int]]:
    """Agents (of one group, or all) with the number of sessions they are serving."""
    loads = _loads().subquery()
    query = select(Agent, func.coalesce(loads.c.load, 0)).outerjoin(
        loads, loads.c.agent_id == Agent.id
    )
    query = query.where(Agent.active.is_(True))
    if group_id is not None:
        query = query.where(Agent.group_id == group_id)
    return [(agent, load) for agent, load in db.execute(query.order_by(Agent.id))]


def free_agents(db: Session, group_id: str, *, limit: int | None = None) -> list[tuple[Agent, int]]:
    """Online agents of the group under their maximum (or ``limit``, surge mode's raised
    one, where it is higher), least loaded first."""
    loads = _loads().subquery()
    load = func.coalesce(loads.c.load, 0)
    most = Agent.max_concurrent
    if limit is not None:
        most = case((Agent.max_concurrent > limit, Agent.max_concurrent), else_=limit)
    query = (
        select(Agent, load)
        .outerjoin(loads, loads.c.agent_id == Agent.id)
        .where(
            Agent.group_id == group_id, Agent.status == AgentStatus.online, Agent.active.is_(True)
        )
        .where(load < most)
        .order_by(load, Agent.id)
        .with_for_update(of=Agent)
    )
    return [(agent, count) for agent, count in db.execute(query)]


def agent_load(db: Session, agent_id: str) -> int:
    query = select(func.count()).where(
        ChatSession.agent_id == agent_id, ChatSession.status == SessionStatus.assigned
    )
    return db.scalar(query) or 0


def present_agents(db: Session, group_id: str) -> int:
    """Agents of the group who are at work (online or busy)."""
    query = select(func.count()).where(
        Agent.group_id == group_id,
        Agent.active.is_(True),
        Agent.status.in_([AgentStatus.online, AgentStatus.busy]),
    )
    return db.scalar(query) or 0


def present_agent_ids(db: Session, group_id: str) -> list[str]:
    """The ids of the group's agents at work (online or busy)."""
    query = select(Agent.id).where(
        Agent.group_id == group_id,
        Agent.active.is_(True),
        Agent.status.in_([AgentStatus.online, AgentStatus.busy]),
    )
    return list(db.scalars(query))


def agent_for_update(db: Session, agent_id: str) -> Agent | None:
    return db.scalar(select(Agent).where(Agent.id == agent_id).with_for_update())


def touch_agents(db: Session, agent_ids: set[str], at: dt.datetime) -> None:
    """Mark the agents seen at ``at``; a later mark (another process's) stays."""
    if agent_ids:
        db.execute(
            update(Agent)
            .where(Agent.id.in_(agent_ids))
            .where(or_(Agent.last_seen_at.is_(None), Agent.last_seen_at < at))
            .values(last_seen_at=at),
            execution_options={"synchronize_session": False},
        )


def absent_agents(db: Session, seen_before: dt.datetime) -> list[Agent]:
    """Agents at work by their status whom no socket has shown since ``seen_before``.
    Agents never seen (who never logged in) are left alone."""
    query = select(Agent).where(
        Agent.active.is_(True),
        Agent.status.in_([AgentStatus.online, AgentStatus.busy]),
        Agent.last_seen_at < seen_before,
    )
    return list(db.scalars(query.order_by(Agent.id).with_for_update()))


def unanswered(
    db: Session, *, agent_id: str | None = None, assigned_before: dt.datetime | None = None
) -> list[ChatSession]:
    """Web sessions whose buyer waits and whose agent has not written since she got them."""
    answered = exists().where(
        Message.session_id == ChatSession.id,
        Message.sender == Sender.agent,
        Message.agent_id == ChatSession.agent_id,
        Message.at >= ChatSession.assigned_at,
    )
    query = select(ChatSession).where(
        ChatSession.status == SessionStatus.assigned,
        ChatSession.channel == Channel.web,
        ChatSession.assigned_at.is_not(None),
        ChatSession.waiting_since.is_not(None),
        ~answered,
    )
    if agent_id is not None:
        query = query.where(ChatSession.agent_id == agent_id)
    if assigned_before is not None:
        query = query.where(ChatSession.assigned_at < assigned_before)
    query = query.order_by(ChatSession.assigned_at, ChatSession.id)
    return list(db.scalars(query.with_for_update(of=ChatSession)))


def queue(db: Session, group_id: str) -> list[ChatSession]:
    query = (
        select(ChatSession)
        .where(ChatSession.group_id == group_id, ChatSession.status == SessionStatus.queued)
        .order_by(ChatSession.queued_at, ChatSession.id)
    )
    return list(db.scalars(query))


def queued_groups(db: Session) -> list[str]:
    query = (
        select(ChatSession.group_id)
        .where(ChatSession.status == SessionStatus.queued, ChatSession.group_id.is_not(None))
        .distinct()
        .order_by(ChatSession.group_id)
    )
    return [group_id for group_id in db.scalars(query) if group_id is not None]


def queue_position(db: Session, chat_session: ChatSession) -> int:
    query = select(func.count()).where(
        ChatSession.group_id == chat_session.group_id,
        ChatSession.status == SessionStatus.queued,
        ChatSession.queued_at <= chat_session.queued_at,
    )
    return db.scalar(query) or 0


def sessions_with_unread(
    db: Session,
    *,
    agent_id: str | None = None,
    waiting_before: dt.datetime | None = None,
    statuses: tuple[SessionStatus, ...] = (SessionStatus.assigned,),
) -> list[tuple[ChatSession, str | None, int]]:
    """Sessions with the buyer's nick and the number of buyer messages the agent hasn't read."""
    unread = (
        select(func.count())
        .where(
            and_(
                Message.session_id == ChatSession.id,
                Message.sender == Sender.buyer,
                Message.seq > ChatSession.agent_read_seq,
            )
        )
        .correlate(ChatSession)
        .scalar_subquery()
    )
    query = (
        select(ChatSession, Customer.nick, unread)
        .join(Customer, Customer.id == ChatSession.customer_id)
        .where(ChatSession.status.in_([status.value for status in statuses]))
    )
    if agent_id is not None:
        query = query.where(ChatSession.agent_id == agent_id)
    if waiting_before is not None:
        query = query.where(ChatSession.waiting_since < waiting_before)
    query = query.order_by(
        ChatSession.waiting_since.is_(None), ChatSession.waiting_since, ChatSession.opened_at
    )
    return [(row, nick, count) for row, nick, count in db.execute(query)]


def unsent_email_replies(db: Session, limit: int = 50) -> list[tuple[Message, ChatSession, str]]:
    query = (
        select(Message, ChatSession, Customer.email)
        .join(ChatSession, ChatSession.id == Message.session_id)
        .join(Customer, Customer.id == ChatSession.customer_id)
        .where(
            ChatSession.channel == "email",
            Message.sender == Sender.agent,
            Message.external_id.is_(None),
            Customer.email.is_not(None),
        )
        .order_by(Message.at)
        .limit(limit)
    )
    return [(message, chat_session, email) for message, chat_session, email in db.execute(query)]


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()

"""Every query of the chat domain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from kefu.models import Agent, Attachment, ChatSession, Customer, Message
from kefu.models.chat import Sender, SessionStatus
from kefu.models.team import AgentStatus

LIVE = (
    SessionStatus.open,
    SessionStatus.bot,
    SessionStatus.queued,
    SessionStatus.assigned,
    SessionStatus.offline,
)


def get_session(
    session: Session, session_id: str, *, for_update: bool = False
) -> ChatSession | None:
    if for_update:
        query = select(ChatSession).where(ChatSession.id == session_id).with_for_update()
        return session.scalar(query)
    return session.get(ChatSession, session_id)


def live_session_of(
    session: Session, customer_id: str, channel: str, *, for_update: bool = False
) -> ChatSession | None:
    query = (
        select(ChatSession)
        .where(ChatSession.customer_id == customer_id, ChatSession.channel == channel)
        .where(ChatSession.status.in_([status.value for status in LIVE]))
        .order_by(ChatSession.opened_at.desc())
        .limit(1)
    )
    return session.scalar(query.with_for_update() if for_update else query)


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


def message_by_client_id(session: Session, session_id: str, client_id: str) -> Message | None:
    query = select(Message).where(Message.session_id == session_id, Message.client_id == client_id)
    return session.scalar(query)


def message(session: Session, message_id: str) -> Message | None:
    return session.get(Message, message_id)


def message_by_external_id(session: Session, external_id: str) -> Message | None:
    return session.scalar(select(Message).where(Message.external_id == external_id).limit(1))


def messages_after(
    session: Session, session_id: str, after_seq: int, limit: int = 500
) -> list[Message]:
    query = (
        select(Message)
        .where(Message.session_id == session_id, Message.seq > after_seq)
        .order_by(Message.seq)
        .limit(limit)
    )
    return list(session.scalars(query))


def messages_of(session: Session, session_id: str) -> list[Message]:
    query = select(Message).where(Message.session_id == session_id)
    return list(session.scalars(query.order_by(Message.at, Message.seq, Message.id)))


def last_buyer_message(session: Session, session_id: str) -> Message | None:
    query = (
        select(Message)
        .where(Message.session_id == session_id, Message.sender == Sender.buyer)
        .order_by(Message.at.desc(), Message.seq.desc())
        .limit(1)
    )
    return session.scalar(query)


def _loads() -> Select[tuple[str, int]]:
    return (
        select(ChatSession.agent_id, func.count().label("load"))
        .where(ChatSession.status == SessionStatus.assigned)
        .group_by(ChatSession.agent_id)
    )


def agents_with_load(session: Session, *, group_id: str | None = None) -> list[tuple[Agent, int]]:
    """Agents (of one group, or all) with the number of sessions they are serving."""
    loads = _loads().subquery()
    query = select(Agent, func.coalesce(loads.c.load, 0)).outerjoin(
        loads, loads.c.agent_id == Agent.id
    )
    query = query.where(Agent.active.is_(True))
    if group_id is not None:
        query = query.where(Agent.group_id == group_id)
    return [(agent, load) for agent, load in session.execute(query.order_by(Agent.id))]


def free_agents(session: Session, group_id: str) -> list[tuple[Agent, int]]:
    """Online agents of the group under their maximum, least loaded first."""
    loads = _loads().subquery()
    load = func.coalesce(loads.c.load, 0)
    query = (
        select(Agent, load)
        .outerjoin(loads, loads.c.agent_id == Agent.id)
        .where(
            Agent.group_id == group_id, Agent.status == AgentStatus.online, Agent.active.is_(True)
        )
        .where(load < Agent.max_concurrent)
        .order_by(load, Agent.id)
        .with_for_update(of=Agent)
    )
    return [(agent, count) for agent, count in session.execute(query)]


def agent_load(session: Session, agent_id: str) -> int:
    query = select(func.count()).where(
        ChatSession.agent_id == agent_id, ChatSession.status == SessionStatus.assigned
    )
    return session.scalar(query) or 0


def present_agents(session: Session, group_id: str) -> int:
    """Agents of the group who are at work (online or busy)."""
    query = select(func.count()).where(
        Agent.group_id == group_id,
        Agent.active.is_(True),
        Agent.status.in_([AgentStatus.online, AgentStatus.busy]),
    )
    return session.scalar(query) or 0


def queue(session: Session, group_id: str) -> list[ChatSession]:
    query = (
        select(ChatSession)
        .where(ChatSession.group_id == group_id, ChatSession.status == SessionStatus.queued)
        .order_by(ChatSession.queued_at, ChatSession.id)
    )
    return list(session.scalars(query))


def queue_position(session: Session, chat_session: ChatSession) -> int:
    query = select(func.count()).where(
        ChatSession.group_id == chat_session.group_id,
        ChatSession.status == SessionStatus.queued,
        ChatSession.queued_at <= chat_session.queued_at,
    )
    return session.scalar(query) or 0


def queue_summary(session: Session) -> list[tuple[str, int, dt.datetime | None]]:
    query = (
        select(ChatSession.group_id, func.count(), func.min(ChatSession.queued_at))
        .where(ChatSession.status == SessionStatus.queued)
        .group_by(ChatSession.group_id)
    )
    return [(group, count, oldest) for group, count, oldest in session.execute(query)]


def sessions_with_unread(
    session: Session,
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
    return [(row, nick, count) for row, nick, count in session.execute(query)]


def count_with_status(session: Session, status: SessionStatus) -> int:
    return session.scalar(select(func.count()).where(ChatSession.status == status)) or 0


def attachment(session: Session, attachment_id: str) -> Attachment | None:
    return session.get(Attachment, attachment_id)


def agent_names(session: Session, agent_ids: set[str]) -> dict[str, str]:
    if not agent_ids:
        return {}
    query = select(Agent.id, Agent.name).where(Agent.id.in_(agent_ids))
    return {agent_id: name for agent_id, name in session.execute(query)}


def unsent_email_replies(
    session: Session, limit: int = 50
) -> list[tuple[Message, ChatSession, str]]:
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
    return [
        (message, chat_session, email) for message, chat_session, email in session.execute(query)
    ]

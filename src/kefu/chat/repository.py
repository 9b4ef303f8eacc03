"""Every query of the chat domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session

from kefu.models import Agent, Attachment, ChatSession, Customer, Message
from kefu.models.chat import Channel, Sender, SessionStatus
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


def buyer_message_by_client_id(
    session: Session, customer_id: str, client_id: str
) -> Message | None:
    """The buyer's message with this client id in any of their sessions, closed ones too."""
    query = (
        select(Message)
        .join(ChatSession, ChatSession.id == Message.session_id)
        .where(
            ChatSession.customer_id == customer_id,
            Message.client_id == client_id,
            Message.sender == Sender.buyer,
        )
        .limit(1)
    )
    return session.scalar(query)


def message_by_client_id(session: Session, session_id: str, client_id: str) -> Message | None:
    query = select(Message).where(Message.session_id == session_id, Message.client_id == client_id)
    return session.scalar(query)


# The chat's hot path (chat/sends.py): Core statements built once, executed with
# lists of values, so a batch of sends costs a handful of statements and no ORM.
_sessions_table = ChatSession.__table__.c
_messages_table = Message.__table__.c
_SESSIONS_FOR_SENDS = (
    select(
        _sessions_table.id,
        _sessions_table.customer_id,
        _sessions_table.channel,
        _sessions_table.status,
        _sessions_table.agent_id,
        _sessions_table.opened_at,
        _sessions_table.last_seq,
        _sessions_table.waiting_since,
        _sessions_table.agent_read_seq,
    )
    .where(
        _sessions_table.id.in_(bindparam("session_ids", expanding=True))
        | (
            _sessions_table.customer_id.in_(bindparam("customer_ids", expanding=True))
            & _sessions_table.status.in_([status.value for status in LIVE])
            & (_sessions_table.channel == bindparam("channel"))
        )
    )
    .order_by(_sessions_table.id)  # locked in id order: two batches never deadlock
    .with_for_update()
)
_SEEN_CLIENT_IDS = select(_messages_table.session_id, _messages_table.client_id).where(
    _messages_table.session_id.in_(bindparam("session_ids", expanding=True)),
    _messages_table.client_id.in_(bindparam("client_ids", expanding=True)),
)
_INSERT_MESSAGES = insert(Message.__table__)
_UPDATE_SESSIONS_AFTER_SENDS = (
    update(ChatSession.__table__)
    .where(_sessions_table.id == bindparam("b_id"))
    .values(
        last_seq=bindparam("last_seq"),
        waiting_since=bindparam("waiting_since"),
        agent_read_seq=bindparam("agent_read_seq"),
    )
)


def sessions_for_sends(
    session: Session, *, session_ids: set[str], customer_ids: set[str], channel: str
) -> list[Row[Any]]:
    """The named sessions and the live ones of these buyers on ``channel``, locked."""
    values = {"session_ids": list(session_ids), "customer_ids": list(customer_ids)}
    return list(session.connection().execute(_SESSIONS_FOR_SENDS, {**values, "channel": channel}))


def seen_client_ids(
    session: Session, *, session_ids: set[str], client_ids: set[str]
) -> set[tuple[str, str]]:
    """Which (session, client id) pairs already have a message: retries."""
    values = {"session_ids": list(session_ids), "client_ids": list(client_ids)}
    rows = session.connection().execute(_SEEN_CLIENT_IDS, values)
    return {(session_id, client_id) for session_id, client_id in rows}


def insert_messages(session: Session, rows: list[dict[str, Any]]) -> None:
    session.connection().execute(_INSERT_MESSAGES, rows)


def update_sessions_after_sends(session: Session, rows: list[dict[str, Any]]) -> None:
    """``rows``: ``{"b_id", "last_seq", "waiting_since", "agent_read_seq"}`` per session."""
    session.connection().execute(_UPDATE_SESSIONS_AFTER_SENDS, rows)


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


def present_agent_ids(session: Session, group_id: str) -> list[str]:
    """The ids of the group's agents at work (online or busy)."""
    query = select(Agent.id).where(
        Agent.group_id == group_id,
        Agent.active.is_(True),
        Agent.status.in_([AgentStatus.online, AgentStatus.busy]),
    )
    return list(session.scalars(query))


def agent_for_update(session: Session, agent_id: str) -> Agent | None:
    return session.scalar(select(Agent).where(Agent.id == agent_id).with_for_update())


def touch_agents(session: Session, agent_ids: set[str], at: dt.datetime) -> None:
    """Mark the agents seen at ``at``; a later mark (another process's) stays."""
    if agent_ids:
        session.execute(
            update(Agent)
            .where(Agent.id.in_(agent_ids))
            .where(or_(Agent.last_seen_at.is_(None), Agent.last_seen_at < at))
            .values(last_seen_at=at),
            execution_options={"synchronize_session": False},
        )


def absent_agents(session: Session, seen_before: dt.datetime) -> list[Agent]:
    """Agents at work by their status whom no socket has shown since ``seen_before``.
    Agents never seen (who never logged in) are left alone."""
    query = select(Agent).where(
        Agent.active.is_(True),
        Agent.status.in_([AgentStatus.online, AgentStatus.busy]),
        Agent.last_seen_at < seen_before,
    )
    return list(session.scalars(query.order_by(Agent.id).with_for_update()))


def unanswered(
    session: Session, *, agent_id: str | None = None, assigned_before: dt.datetime | None = None
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
    return list(session.scalars(query.with_for_update(of=ChatSession)))


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

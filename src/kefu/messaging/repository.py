"""Every query of the messaging core: sessions and their messages, the few statements
of the batch path, and the agents' names that a message shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Row, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from kefu.models import Agent, Attachment, ChatSession, Message
from kefu.models.chat import Sender, SessionStatus

LIVE = (
    SessionStatus.open,
    SessionStatus.bot,
    SessionStatus.queued,
    SessionStatus.assigned,
    SessionStatus.offline,
)


def get_session(db: Session, session_id: str, *, for_update: bool = False) -> ChatSession | None:
    if for_update:
        query = select(ChatSession).where(ChatSession.id == session_id).with_for_update()
        return db.scalar(query)
    return db.get(ChatSession, session_id)


def live_session_of(
    db: Session, customer_id: str, channel: str, *, for_update: bool = False
) -> ChatSession | None:
    query = (
        select(ChatSession)
        .where(ChatSession.customer_id == customer_id, ChatSession.channel == channel)
        .where(ChatSession.status.in_([status.value for status in LIVE]))
        .order_by(ChatSession.opened_at.desc())
        .limit(1)
    )
    return db.scalar(query.with_for_update() if for_update else query)


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def buyer_message_by_client_id(db: Session, customer_id: str, client_id: str) -> Message | None:
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
    return db.scalar(query)


def message_by_client_id(db: Session, session_id: str, client_id: str) -> Message | None:
    query = select(Message).where(Message.session_id == session_id, Message.client_id == client_id)
    return db.scalar(query)


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
    db: Session, *, session_ids: set[str], customer_ids: set[str], channel: str
) -> list[Row[Any]]:
    """The named sessions and the live ones of these buyers on ``channel``, locked."""
    values = {"session_ids": list(session_ids), "customer_ids": list(customer_ids)}
    return list(db.connection().execute(_SESSIONS_FOR_SENDS, {**values, "channel": channel}))


def seen_client_ids(
    db: Session, *, session_ids: set[str], client_ids: set[str]
) -> set[tuple[str, str]]:
    """Which (session, client id) pairs already have a message: retries."""
    values = {"session_ids": list(session_ids), "client_ids": list(client_ids)}
    rows = db.connection().execute(_SEEN_CLIENT_IDS, values)
    return {(session_id, client_id) for session_id, client_id in rows}


def insert_messages(db: Session, rows: list[dict[str, Any]]) -> None:
    db.connection().execute(_INSERT_MESSAGES, rows)


def update_sessions_after_sends(db: Session, rows: list[dict[str, Any]]) -> None:
    """``rows``: ``{"b_id", "last_seq", "waiting_since", "agent_read_seq"}`` per session."""
    db.connection().execute(_UPDATE_SESSIONS_AFTER_SENDS, rows)


def message(db: Session, message_id: str) -> Message | None:
    return db.get(Message, message_id)


def message_by_external_id(db: Session, external_id: str) -> Message | None:
    return db.scalar(select(Message).where(Message.external_id == external_id).limit(1))


def messages_after(db: Session, session_id: str, after_seq: int, limit: int = 500) -> list[Message]:
    query = (
        select(Message)
        .where(Message.session_id == session_id, Message.seq > after_seq)
        .order_by(Message.seq)
        .limit(limit)
    )
    return list(db.scalars(query))


def messages_of(db: Session, session_id: str) -> list[Message]:
    query = select(Message).where(Message.session_id == session_id)
    return list(db.scalars(query.order_by(Message.at, Message.seq, Message.id)))


def last_buyer_message(db: Session, session_id: str) -> Message | None:
    query = (
        select(Message)
        .where(Message.session_id == session_id, Message.sender == Sender.buyer)
        .order_by(Message.at.desc(), Message.seq.desc())
        .limit(1)
    )
    return db.scalar(query)


def queue_summary(db: Session) -> list[tuple[str, int, dt.datetime | None]]:
    query = (
        select(ChatSession.group_id, func.count(), func.min(ChatSession.queued_at))
        .where(ChatSession.status == SessionStatus.queued)
        .group_by(ChatSession.group_id)
    )
    return [(group, count, oldest) for group, count, oldest in db.execute(query)]


def count_with_status(db: Session, status: SessionStatus) -> int:
    return db.scalar(select(func.count()).where(ChatSession.status == status)) or 0


def attachment(db: Session, attachment_id: str) -> Attachment | None:
    return db.get(Attachment, attachment_id)


def agent_names(db: Session, agent_ids: set[str]) -> dict[str, str]:
    if not agent_ids:
        return {}
    query = select(Agent.id, Agent.name).where(Agent.id.in_(agent_ids))
    return {agent_id: name for agent_id, name in db.execute(query)}


def agent(db: Session, agent_id: str) -> Agent | None:
    return db.get(Agent, agent_id)


def count_waiting(
    db: Session, *, waiting_before: dt.datetime, statuses: tuple[SessionStatus, ...]
) -> int:
    """Sessions in ``statuses`` whose buyer has waited since before ``waiting_before``."""
    query = select(func.count()).where(
        ChatSession.status.in_([status.value for status in statuses]),
        ChatSession.waiting_since < waiting_before,
    )
    return db.scalar(query) or 0

"""Every query of the messaging core: sessions and their messages, the few statements
of the batch path, and the agents' names that a message shows."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from sqlalchemy import and_, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from kefu.kit.prebuilt import Prebuilt
from kefu.models import Agent, Attachment, ChatSession, Message
from kefu.models.chat import Sender, SessionStatus

T = TypeVar("T")
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


# The chat's hot path (chat/sends.py): statements built once, executed with lists
# of values, so a batch of sends costs a handful of statements and no ORM; the
# writes and the look for retries run prebuilt on the driver (kit/prebuilt.py).
_sessions_table = ChatSession.__table__.c


_messages_table = Message.__table__.c


def _sessions_for_sends(ids: int, customers: int) -> Prebuilt:
    """The sessions a batch's sends go to, for ``ids`` named sessions and ``customers``
    buyers (their live ones on a channel), each count's statement built once."""
    statement = _SESSIONS_FOR_SENDS.get((ids, customers))
    if statement is None:
        live = [bindparam(f"live{n}", status.value) for n, status in enumerate(LIVE)]
        wanted = []
        if ids:
            wanted.append(_sessions_table.id.in_([bindparam(f"s{n}") for n in range(ids)]))
        if customers:
            buyers = _sessions_table.customer_id.in_([bindparam(f"c{n}") for n in range(customers)])
            # ``|| ''``: not a test the status index can serve, so SQLite looks the
            # buyers up by customer rather than read every live session.
            live_status = (_sessions_table.status + bindparam("nothing", "")).in_(live)
            wanted.append(buyers & live_status & (_sessions_table.channel == bindparam("channel")))
        found = select(
            _sessions_table.id,
            _sessions_table.customer_id,
            _sessions_table.channel,
            _sessions_table.status,
            _sessions_table.agent_id,
            _sessions_table.opened_at,
            _sessions_table.last_seq,
            _sessions_table.waiting_since,
            _sessions_table.agent_read_seq,
        ).where(or_(*wanted))
        # Locked in id order: two batches never deadlock.
        statement = Prebuilt(found.order_by(_sessions_table.id).with_for_update())
        _SESSIONS_FOR_SENDS[(ids, customers)] = statement
    return statement


_SESSIONS_FOR_SENDS: dict[tuple[int, int], Prebuilt] = {}


# The columns a new message's row has (messaging/append.py ``columns``).
MESSAGE_COLUMNS = (
    "id",
    "session_id",
    "at",
    "sender",
    "agent_id",
    "text",
    "seq",
    "kind",
    "attachment_id",
    "client_id",
    "external_id",
)
_INSERT_MESSAGES = Prebuilt(insert(Message.__table__), columns=MESSAGE_COLUMNS)


_UPDATE_SESSIONS_AFTER_SENDS = Prebuilt(
    update(ChatSession.__table__)
    .where(_sessions_table.id == bindparam("b_id"))
    .values(
        last_seq=bindparam("last_seq"),
        waiting_since=bindparam("waiting_since"),
        agent_read_seq=bindparam("agent_read_seq"),
    )
)


def _seen_pairs(count: int) -> Prebuilt:
    """Which of ``count`` (session, client id) pairs have a message: one look-up in the
    unique index per pair (``IN … AND IN …`` would look up every combination)."""
    statement = _SEEN_PAIRS.get(count)
    if statement is None:
        pairs = [
            and_(
                _messages_table.session_id == bindparam(f"s{n}"),
                _messages_table.client_id == bindparam(f"c{n}"),
            )
            for n in range(count)
        ]
        found = select(_messages_table.session_id, _messages_table.client_id)
        statement = Prebuilt(found.where(or_(*pairs)))
        _SEEN_PAIRS[count] = statement
    return statement


_SEEN_PAIRS: dict[int, Prebuilt] = {}


def sessions_for_sends(
    db: Session, *, session_ids: set[str], customer_ids: set[str], channel: str
) -> list[tuple[Any, ...]]:
    """The named sessions and the live ones of these buyers on ``channel``, locked: rows of
    (id, customer_id, channel, status, agent_id, opened_at, last_seq, waiting_since,
    agent_read_seq)."""
    named, buyers = _padded(list(session_ids)), _padded(list(customer_ids))
    values = {"channel": channel}
    values.update((f"s{n}", session_id) for n, session_id in enumerate(named))
    values.update((f"c{n}", customer_id) for n, customer_id in enumerate(buyers))
    return _sessions_for_sends(len(named), len(buyers)).execute(db, values)


def seen_client_ids(db: Session, *, pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (session, client id) pairs already have a message: retries."""
    if not pairs:
        return set()
    padded = _padded(list(pairs))
    values: dict[str, str] = {}
    for n, (session_id, client_id) in enumerate(padded):
        values[f"s{n}"], values[f"c{n}"] = session_id, client_id
    rows = _seen_pairs(len(padded)).execute(db, values)
    return {(session_id, client_id) for session_id, client_id in rows}


def _padded(values: list[T]) -> list[T]:
    """``values`` up to the next power of two, the last repeated (a repeat finds nothing
    more): a statement per size of batch would be hundreds, per power of two only nine."""
    if not values:
        return values
    size = 1 << (len(values) - 1).bit_length()
    return values + values[-1:] * (size - len(values))


def insert_messages(db: Session, rows: list[dict[str, Any]]) -> None:
    """``rows``: the ``MESSAGE_COLUMNS`` of each new message."""
    _INSERT_MESSAGES.executemany(db, rows)


def update_sessions_after_sends(db: Session, rows: list[dict[str, Any]]) -> None:
    """``rows``: ``{"b_id", "last_seq", "waiting_since", "agent_read_seq"}`` per session."""
    _UPDATE_SESSIONS_AFTER_SENDS.executemany(db, rows)


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

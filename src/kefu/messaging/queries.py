"""What the messaging core answers, read only: a session's messages (and what a
reconnecting client missed), retries by client id, the numbers of the live sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, NotFound
from kefu.messaging import events, repository
from kefu.messaging.schemas import MessageOut
from kefu.models import ChatSession, Message
from kefu.models.chat import SessionStatus

# A buyer waiting longer than this is shown to supervisors (chat/monitor.py, kpi/dashboard.py).
WAITING_ALERT = dt.timedelta(seconds=60)


def missed_messages(
    db: Session, *, chat_session: ChatSession, last_seen_id: str | None
) -> list[MessageOut]:
    """What a reconnecting client missed after the message it saw last, in order."""
    after = 0
    if last_seen_id:
        seen = repository.message(db, last_seen_id)
        if seen is None or seen.session_id != chat_session.id or seen.seq is None:
            raise BadInput("未知的消息 id", code="unknown_last_seen")
        after = seen.seq
    messages = repository.messages_after(db, chat_session.id, after)
    names = repository.agent_names(db, {m.agent_id for m in messages if m.agent_id})
    return [events.message_out(m, names.get(m.agent_id or "")) for m in messages]


def seq_of(db: Session, *, message_id: str | None) -> int:
    if not message_id:
        return 0
    message = repository.message(db, message_id)
    return (message.seq or 0) if message else 0


def messages_of(db: Session, *, chat_session: ChatSession) -> list[MessageOut]:
    messages = repository.messages_of(db, chat_session.id)
    names = repository.agent_names(db, {m.agent_id for m in messages if m.agent_id})
    return [events.message_out(m, names.get(m.agent_id or "")) for m in messages]


def buyer_message(db: Session, *, chat_session: ChatSession, message_id: str) -> Message:
    """A buyer's message of this session (404 for anything else)."""
    message = repository.message(db, message_id)
    if message is None or message.session_id != chat_session.id or message.sender != "buyer":
        raise NotFound("消息不存在", code="message_not_found")
    return message


def live_session_of(
    db: Session, *, customer_id: str, channel: str, for_update: bool = False
) -> ChatSession | None:
    return repository.live_session_of(db, customer_id, channel, for_update=for_update)


def by_client_id(db: Session, *, session_id: str, client_id: str) -> Message | None:
    """The session's message with this client id: a retry of a send already stored."""
    return repository.message_by_client_id(db, session_id, client_id)


def buyer_message_by_client_id(db: Session, *, customer_id: str, client_id: str) -> Message | None:
    return repository.buyer_message_by_client_id(db, customer_id, client_id)


def by_external_id(db: Session, *, external_id: str) -> Message | None:
    return repository.message_by_external_id(db, external_id)


def last_buyer_message(db: Session, *, session_id: str) -> Message | None:
    return repository.last_buyer_message(db, session_id)


def agent_names(db: Session, *, agent_ids: set[str]) -> dict[str, str]:
    return repository.agent_names(db, agent_ids)


def queue_summary(db: Session) -> list[tuple[str, int, dt.datetime | None]]:
    """Per group: sessions queued and since when the oldest waits."""
    return repository.queue_summary(db)


def count_with_status(db: Session, *, status: SessionStatus) -> int:
    return repository.count_with_status(db, status)


def count_waiting(
    db: Session, *, waiting_before: dt.datetime, statuses: tuple[SessionStatus, ...]
) -> int:
    return repository.count_waiting(db, waiting_before=waiting_before, statuses=statuses)


def sessions_for_sends(
    db: Session, *, session_ids: set[str], customer_ids: set[str], channel: str
) -> list[tuple[Any, ...]]:
    """The batch path's sessions: the named ones and these buyers' live ones, locked."""
    return repository.sessions_for_sends(
        db, session_ids=session_ids, customer_ids=customer_ids, channel=channel
    )


def seen_client_ids(db: Session, *, pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (session, client id) pairs already have a message: retries."""
    return repository.seen_client_ids(db, pairs=pairs)

"""What the chat pages and sockets read: a session's messages (and what a reconnecting
client missed), the buyer's live session with its place in the queue, the agent's
workbench list. Read only; the rules that change a chat are in chat/service.py."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.chat import repository
from kefu.messaging import events
from kefu.messaging import queries as messaging_queries
from kefu.messaging import service as messaging
from kefu.messaging.schemas import MessageOut, SessionOut
from kefu.models import Agent, ChatSession
from kefu.models.chat import Channel, SessionStatus
from kefu.models.team import Role


def buyer_session(db: Session, *, customer_id: str) -> SessionOut | None:
    """The buyer's live session as their page shows it: who serves, their place in the queue."""
    live = messaging_queries.live_session_of(db, customer_id=customer_id, channel=Channel.web.value)
    if live is None:
        return None
    return events.session_out(db, live, queue_position=queue_position(db, chat_session=live))


def queue_position(db: Session, *, chat_session: ChatSession) -> int | None:
    if chat_session.status != SessionStatus.queued:
        return None
    return repository.queue_position(db, chat_session)


def workbench_sessions(db: Session, *, agent: Agent) -> list[SessionOut]:
    """The agent's conversations, who waited longest first, then offline messages of the group."""
    rows = repository.sessions_with_unread(db, agent_id=agent.id)
    rows += [
        row
        for row in repository.sessions_with_unread(db, statuses=(SessionStatus.offline,))
        if row[0].group_id in (agent.group_id, None) or agent.role == Role.supervisor
    ]
    return [_session_out(chat_session, nick, unread) for chat_session, nick, unread in rows]


def _session_out(chat_session: ChatSession, nick: str | None, unread: int) -> SessionOut:
    out = SessionOut.model_validate(chat_session)
    out.customer_nick, out.unread = nick, unread
    return out


def agent_resume(
    db: Session, *, session_id: str, last_seen_id: str | None
) -> tuple[list[MessageOut], int]:
    """What an agent's socket missed in a session she may see: the messages after
    ``last_seen_id`` and that message's seq."""
    return _missed(db, messaging.check_agent_session(db, session_id=session_id), last_seen_id)


def buyer_resume(
    db: Session, *, customer_id: str, session_id: str | None, last_seen_id: str | None
) -> tuple[str | None, list[MessageOut], int]:
    """What a buyer's socket missed: in the session she names (hers only) or her live one;
    (None, [], 0) when she has none."""
    if session_id:
        chat_session = messaging.check_buyer_session(
            db, session_id=session_id, customer_id=customer_id
        )
    else:
        chat_session = messaging.live_session(db, customer_id=customer_id)
    if chat_session is None:
        return None, [], 0
    messages, seen = _missed(db, chat_session, last_seen_id)
    return chat_session.id, messages, seen


def _missed(
    db: Session, chat_session: ChatSession, last_seen_id: str | None
) -> tuple[list[MessageOut], int]:
    messages = messaging_queries.missed_messages(
        db, chat_session=chat_session, last_seen_id=last_seen_id
    )
    return messages, messaging_queries.seq_of(db, message_id=last_seen_id)

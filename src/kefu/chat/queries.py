"""What the chat pages and sockets read: a session's messages (and what a reconnecting
client missed), the buyer's live session with its place in the queue, the agent's
workbench list. Read only; the rules that change a chat are in chat/service.py."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.chat import events, repository
from kefu.chat.schemas import MessageOut, SessionOut
from kefu.kit.errors import BadInput, NotFound
from kefu.models import Agent, ChatSession, Message
from kefu.models.chat import Channel, SessionStatus
from kefu.models.team import Role


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


def buyer_session(db: Session, *, customer_id: str) -> SessionOut | None:
    """The buyer's live session as their page shows it: who serves, their place in the queue."""
    live = repository.live_session_of(db, customer_id, Channel.web.value)
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

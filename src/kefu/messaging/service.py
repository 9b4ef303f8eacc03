"""The messaging core's rules: what a message may say, whose a session is, and telling
a participant something as the shop itself. Never commits: the edge commits, then
publishes (kefu/db.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, NotFound, found
from kefu.kit.text import REASON, storable
from kefu.messaging import append, repository
from kefu.messaging.schemas import MAX_TEXT
from kefu.models import Attachment, ChatSession, Message
from kefu.models.chat import Channel


def check_text(text: str | None, *, allow_empty: bool = False) -> str:
    text = (text or "").strip()
    if not text and not allow_empty:
        raise BadInput("消息不能为空", code="empty_message")
    if len(text) > MAX_TEXT:
        raise BadInput(f"消息不能超过 {MAX_TEXT} 字", code="message_too_long")
    if not storable(text):
        raise BadInput(f"消息{REASON}", code="invalid_text")
    return text


def check_buyer_session(
    db: Session, *, session_id: str, customer_id: str, for_update: bool = False
) -> ChatSession:
    """The buyer's own session; someone else's answers exactly like a missing one."""
    chat_session = repository.get_session(db, session_id, for_update=for_update)
    if chat_session is None or chat_session.customer_id != customer_id:
        raise NotFound("会话不存在", code="session_not_found")
    return chat_session


def check_agent_session(db: Session, *, session_id: str, for_update: bool = False) -> ChatSession:
    return found(
        repository.get_session(db, session_id, for_update=for_update),
        "会话不存在",
        code="session_not_found",
    )


def check_attachment(db: Session, *, attachment_id: str, customer_id: str | None) -> Attachment:
    """The attachment, if the viewer may see it: any agent, or the buyer of its session."""
    row = found(repository.attachment(db, attachment_id), "图片不存在", code="attachment_not_found")
    if customer_id is not None:
        check_buyer_session(db, session_id=row.session_id, customer_id=customer_id)
    return row


def live_session(
    db: Session, *, customer_id: str, channel: Channel = Channel.web
) -> ChatSession | None:
    return repository.live_session_of(db, customer_id, channel.value)


def do_system_send(db: Session, *, chat_session: ChatSession, text: str) -> Message:
    """A message from the shop itself (care messages), not from an agent or the bot:
    it counts in no agent's KPIs."""
    return append.notice(db, chat_session, check_text(text))

"""Each agent's own auto-reply (自动回复) for when she is 忙碌 or 离开: a buyer who writes to
her then reads it at once instead of waiting in silence. The chat sends it (chat/notices.py);
the text is hers, set in the staff app."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.models import Agent, AgentAutoReply
from kefu.shift import repository


def text_of(db: Session, *, agent_id: str) -> str:
    """Her auto-reply; empty when she set none (then nothing is sent)."""
    row = repository.auto_reply(db, agent_id)
    return row.text if row else ""


def do_set(db: Session, *, agent: Agent, text: str) -> str:
    """Set her own text; an empty one turns the auto-reply off."""
    row = repository.auto_reply(db, agent.id)
    if not text:
        if row is not None:
            repository.delete_row(db, row)
        return ""
    if row is None:
        repository.add(db, AgentAutoReply(agent_id=agent.id, text=text))
    else:
        row.text = text
        db.flush()
    return text

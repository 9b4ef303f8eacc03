"""Every query of the sessions list: sessions opened in a period, with the buyer's nick,
the agent who held the session, the message count and the automatic QC score."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import Agent, ChatSession, Customer, Message, QcInspection

_counts = (
    select(Message.session_id, func.count().label("messages"))
    .group_by(Message.session_id)
    .subquery()
)
_holder = aliased(Agent)
SORTS = {
    "opened_at": ChatSession.opened_at,
    "closed_at": ChatSession.closed_at,
    "messages": _counts.c.messages,
    "qc_score": QcInspection.score,
}


def _listed() -> Select[Any]:
    return (
        select(
            ChatSession.id,
            ChatSession.opened_at,
            ChatSession.closed_at,
            ChatSession.status,
            ChatSession.channel,
            ChatSession.agent_id,
            Customer.nick,
            _holder.name.label("agent_name"),
            func.coalesce(_counts.c.messages, 0).label("messages"),
            QcInspection.score,
            QcInspection.flagged,
        )
        .join(Customer, Customer.id == ChatSession.customer_id)
        .outerjoin(_holder, _holder.id == ChatSession.agent_id)
        .outerjoin(_counts, _counts.c.session_id == ChatSession.id)
        .outerjoin(QcInspection, QcInspection.session_id == ChatSession.id)
    )


def _spoke(agent_id: str) -> Any:
    said = select(Message.id).where(
        Message.session_id == ChatSession.id,
        Message.sender == "agent",
        Message.agent_id == agent_id,
    )
    return exists(said)


def _matches(text: str) -> Any:
    """The buyer's nick, the session's id, or any message's words."""
    pattern = f"%{text}%"
    said = select(Message.id).where(
        Message.session_id == ChatSession.id, Message.text.like(pattern)
    )
    return or_(Customer.nick.ilike(pattern), ChatSession.id == text, exists(said))


def session_page(
    db: Session,
    *,
    start: dt.datetime,
    end: dt.datetime,
    agent_id: str | None,
    channel: str | None,
    flagged: bool | None,
    q: str | None,
    params: PageParams,
) -> tuple[list[Any], int]:
    """Sessions opened in [start, end) (where ``agent_id`` spoke, if given), newest first."""
    query = _listed().where(ChatSession.opened_at >= start, ChatSession.opened_at < end)
    if agent_id:
        query = query.where(_spoke(agent_id))
    if channel:
        query = query.where(ChatSession.channel == channel)
    if flagged is not None:
        query = query.where(QcInspection.flagged == flagged)
    if q:
        query = query.where(_matches(q.strip()))
    default = [ChatSession.opened_at.desc(), ChatSession.id]
    return fetch_page(db, order_by(query, params.sort, SORTS, default), params)


def session_header(db: Session, session_id: str) -> Any | None:
    """One session as the list shows it (for the transcript's header)."""
    return db.execute(_listed().where(ChatSession.id == session_id)).first()


def agents_in(db: Session, session_ids: list[str]) -> dict[str, list[str]]:
    """The names of the agents who wrote in each session, in the order they first spoke."""
    if not session_ids:
        return {}
    query = (
        select(Message.session_id, Agent.name, func.min(Message.at).label("first"))
        .join(Agent, Agent.id == Message.agent_id)
        .where(Message.session_id.in_(session_ids), Message.sender == "agent")
        .group_by(Message.session_id, Agent.name)
        .order_by(Message.session_id, "first")
    )
    names: dict[str, list[str]] = {session_id: [] for session_id in session_ids}
    for session_id, name, _first in db.execute(query):
        names[session_id].append(name)
    return names

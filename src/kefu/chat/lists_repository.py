"""The workbench list's query (chat/lists.py): sessions with their buyer, agent,
last message and unread count, filtered, searched, sorted and paged in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import Agent, ChatSession, Customer, Message, Order
from kefu.models.chat import Sender

_last = aliased(Message)
_unread = (
    select(func.count())
    .where(
        Message.session_id == ChatSession.id,
        Message.sender == Sender.buyer,
        Message.seq > ChatSession.agent_read_seq,
    )
    .correlate(ChatSession)
    .scalar_subquery()
)
SORTS = {
    "waiting_since": ChatSession.waiting_since,
    "last_message_at": _last.at,
    "opened_at": ChatSession.opened_at,
    "closed_at": ChatSession.closed_at,
    "queued_at": ChatSession.queued_at,
    "unread": _unread,
}


@dataclass(frozen=True)
class Filters:
    statuses: Collection[str]
    agent_id: str | None = None
    group_ids: Collection[str | None] | None = None  # None: any group; may hold None
    closed_since: dt.datetime | None = None
    q: str | None = None


def conversations(
    db: Session, filters: Filters, params: PageParams, default_order: list[Any]
) -> tuple[list[Any], int]:
    query = (
        select(
            ChatSession,
            Customer.nick,
            Customer.name,
            Agent.name.label("agent_name"),
            _last.text,
            _last.at,
            _last.sender,
            _unread.label("unread"),
        )
        .join(Customer, Customer.id == ChatSession.customer_id)
        .outerjoin(Agent, Agent.id == ChatSession.agent_id)
        .outerjoin(
            _last, and_(_last.session_id == ChatSession.id, _last.seq == ChatSession.last_seq)
        )
        .where(ChatSession.status.in_(list(filters.statuses)))
    )
    query = _filtered(query, filters)
    query = order_by(query, params.sort, SORTS, [*default_order, ChatSession.id])
    return fetch_page(db, query, params)


def _filtered(query: Select[Any], filters: Filters) -> Select[Any]:
    if filters.agent_id is not None:
        query = query.where(ChatSession.agent_id == filters.agent_id)
    if filters.group_ids is not None:
        named = [group for group in filters.group_ids if group is not None]
        in_group = ChatSession.group_id.in_(named)
        query = query.where(
            or_(in_group, ChatSession.group_id.is_(None)) if None in filters.group_ids else in_group
        )
    if filters.closed_since is not None:
        query = query.where(ChatSession.closed_at >= filters.closed_since)
    if filters.q:
        query = query.where(_matches(filters.q))
    return query


def _matches(q: str) -> Any:
    """The buyer's nick or name, one of their orders' ids, or a message's text."""
    like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(
        Customer.nick.like(like, escape="\\"),
        Customer.name.like(like, escape="\\"),
        Customer.id == q,
        exists().where(
            Order.customer_id == ChatSession.customer_id, Order.id.like(like, escape="\\")
        ),
        exists().where(Message.session_id == ChatSession.id, Message.text.like(like, escape="\\")),
    )

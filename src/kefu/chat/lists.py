"""The workbench's conversation lists: views, who sees what, and the items.

Views: ``mine`` (serving now), ``unassigned`` (with the bot, no person yet),
``queued``, ``offline`` (留言 waiting for an answer), ``closed_today`` (in the
shop's zone). As on the old workbench, a supervisor sees every group and agent;
an agent sees her own chats and the unassigned, queued and offline ones of her
group (or of none); her ``closed_today`` is her own.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from kefu.chat import lists_repository
from kefu.chat.lists_repository import Filters
from kefu.config import get_settings
from kefu.kit import clock
from kefu.kit.paging import PageParams, paged_map
from kefu.models import Agent, ChatSession
from kefu.models.chat import SessionStatus
from kefu.models.team import Role

PREVIEW_LENGTH = 60


class View(StrEnum):
    mine = "mine"
    unassigned = "unassigned"
    queued = "queued"
    offline = "offline"
    closed_today = "closed_today"


_STATUSES = {
    View.mine: [SessionStatus.assigned],
    View.unassigned: [SessionStatus.open, SessionStatus.bot],
    View.queued: [SessionStatus.queued],
    View.offline: [SessionStatus.offline],
    View.closed_today: [SessionStatus.closed],
}
# Who waited longest first where people wait; the newest first elsewhere.
_DEFAULT_ORDER: dict[View, list[Any]] = {
    View.mine: [ChatSession.waiting_since.is_(None), ChatSession.waiting_since],
    View.unassigned: [ChatSession.opened_at.desc()],
    View.queued: [ChatSession.queued_at],
    View.offline: [ChatSession.opened_at],
    View.closed_today: [ChatSession.closed_at.desc()],
}


class ConversationOut(BaseModel):
    id: str
    customer_id: str
    buyer_name: str
    channel: str
    status: str
    group_id: str | None
    agent_id: str | None
    agent_name: str | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    waiting_since: dt.datetime | None
    queued_at: dt.datetime | None
    last_message_text: str | None
    last_message_at: dt.datetime | None
    last_message_from: str | None
    unread: int
    product_id: str | None
    product_title: str | None
    bot_intent: str | None
    handoff_reason: str | None  # why the bot handed over, for the conversation's header


def conversations(
    db: Session,
    *,
    agent: Agent,
    view: View,
    params: PageParams,
    q: str | None = None,
    group_id: str | None = None,
    agent_id: str | None = None,
) -> dict[str, Any]:
    """One page of a view as ``agent`` may see it; ``group_id``/``agent_id`` narrow it."""
    filters = Filters(
        statuses=[status.value for status in _STATUSES[view]],
        agent_id=_agent_filter(agent, view, agent_id),
        group_ids=_group_filter(agent, view, group_id),
        closed_since=_today_start() if view == View.closed_today else None,
        q=(q or "").strip() or None,
    )
    rows, total = lists_repository.conversations(db, filters, params, _DEFAULT_ORDER[view])
    return paged_map(rows, total, params, _item)


def _agent_filter(agent: Agent, view: View, asked: str | None) -> str | None:
    if view == View.mine:
        return asked if asked and agent.role == Role.supervisor else agent.id
    if view == View.closed_today and agent.role != Role.supervisor:
        return agent.id
    return asked


def _group_filter(agent: Agent, view: View, asked: str | None) -> list[str | None] | None:
    if asked is not None:
        if agent.role == Role.supervisor or view in (View.mine, View.closed_today):
            return [asked]
        return [asked] if asked == agent.group_id else []
    if agent.role == Role.supervisor or view in (View.mine, View.closed_today):
        return None
    return [agent.group_id, None]


def _today_start() -> dt.datetime:
    tz = get_settings().shop_timezone
    return clock.local_midnight(clock.in_zone(clock.now(), tz).date(), tz)


def _item(row: Any) -> ConversationOut:
    chat_session, nick, name, agent_name, text, at, sender, unread = row
    preview = None if text is None else text[:PREVIEW_LENGTH]
    return ConversationOut(
        id=chat_session.id,
        customer_id=chat_session.customer_id,
        buyer_name=nick or name or chat_session.customer_id,
        channel=chat_session.channel,
        status=chat_session.status,
        group_id=chat_session.group_id,
        agent_id=chat_session.agent_id,
        agent_name=agent_name,
        opened_at=chat_session.opened_at,
        closed_at=chat_session.closed_at,
        waiting_since=chat_session.waiting_since,
        queued_at=chat_session.queued_at,
        last_message_text=preview,
        last_message_at=at,
        last_message_from=sender,
        unread=unread or 0,
        product_id=chat_session.product_id,
        product_title=chat_session.product_title,
        bot_intent=chat_session.bot_intent,
        handoff_reason=chat_session.handoff_reason,
    )

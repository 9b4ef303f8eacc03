"""What the buyer is told when the person serving them changes: the agent's own
introduction, a transfer, an agent who left or did not answer. System messages:
they count in no agent's KPIs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit import clock
from kefu.messaging import append as posting
from kefu.models import Agent, ChatSession
from kefu.models.chat import Sender
from kefu.models.team import ROLE_LABELS, AgentStatus, Role
from kefu.shift import autoreply as shift_autoreply
from kefu.shift import coverage as shift_coverage
from kefu.shop import service as shop
from kefu.team import service as team_service

AGENT_LEFT = "客服暂时离开，正在为您转接其他客服"
AGENT_SILENT = "当前客服暂时未能回复，正在为您转接其他客服"


def role_label(agent: Agent) -> str:
    """售前客服, 售后客服, 主管…"""
    return ROLE_LABELS.get(Role(agent.role), "客服")


def transfer_text(agent: Agent) -> str:
    """已为您转接售后小王: the role without its 客服, then the display name."""
    return f"已为您转接{role_label(agent).removesuffix('客服')}{agent.name}"


def introduce(db: Session, chat_session: ChatSession, agent: Agent) -> None:
    """The agent's introduction, once per agent and session (a colleague who takes
    the chat over introduces herself too; one who gets it back does not)."""
    extra = chat_session.extra or {}
    introduced = list(extra.get("introduced") or [])
    template = shop.get(db, "agent_intro")
    if agent.id in introduced or not template:
        return
    text = template.replace("{角色}", role_label(agent)).replace("{客服名}", agent.name)
    posting.notice(db, chat_session, text)
    chat_session.extra = {**extra, "introduced": [*introduced, agent.id]}


def offline_reply(db: Session, chat_session: ChatSession, due: dt.datetime) -> None:
    """The shop's automatic reply to a 留言: when it will be answered."""
    text = shop.get(db, "offline_reply").replace("{回复时间}", reply_time(due))
    staffing = shift_coverage.chat_staffing(db, at=clock.now())
    if staffing is not None and not staffing.open and staffing.next_opening is not None:
        text += f"客服将于 {reply_time(staffing.next_opening)} 上线。"
    posting.append(db, chat_session, Sender.bot, text)


def reply_time(due: dt.datetime) -> str:
    return clock.in_zone(due, get_settings().shop_timezone).strftime("%m月%d日 %H:%M")


def away_reply(db: Session, chat_session: ChatSession) -> None:
    """The buyer writes to an agent who is 忙碌 or 离开: her own auto-reply, once per chat for
    as long as she stays so (the status log says since when)."""
    agent = team_service.get_agent(db, chat_session.agent_id) if chat_session.agent_id else None
    if agent is None or agent.status not in (AgentStatus.busy, AgentStatus.away):
        return
    text = shift_autoreply.text_of(db, agent_id=agent.id)
    if not text:
        return
    now = clock.now()
    last = team_service.status_changes(db, agent_ids=[agent.id], start=now, end=now)
    mark = f"{agent.id}:{agent.status}:{last[-1].at.isoformat() if last else ''}"
    extra = chat_session.extra or {}
    if extra.get("away_reply") == mark:
        return
    posting.append(db, chat_session, Sender.bot, text)
    chat_session.extra = {**extra, "away_reply": mark}

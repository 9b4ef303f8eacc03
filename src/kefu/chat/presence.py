"""Presence (在线状态) that follows the browser, and chats that nobody answers.

An agent is 在线 only while a workbench socket of hers is open somewhere. Each
process counts its own sockets (chat/sockets.py) and marks the agents it holds
as seen (``agents.last_seen_at``) every few seconds; when her last socket in a
process closes and, a grace period later, no process has seen her since, she
becomes 离开 (``auto_away``: reopening the workbench brings her back to 在线).
Going 离开 or 离线, by herself, by presence or by logging out, hands her chats
that she has not answered yet back to routing: another free agent, the queue,
or a 留言, and the buyer is told. A chat she got and left unanswered past the
shop's ``assign_reply_seconds`` goes to a free colleague. Every step here is
idempotent, so processes and the scheduler may run it again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.chat import events, notices, repository, routing
from kefu.config import get_settings
from kefu.kit.errors import NotFound, found
from kefu.messaging import append as posting
from kefu.messaging import events as messaging_events
from kefu.models import Agent, ChatSession
from kefu.models.team import AgentStatus, StatusChangeReason
from kefu.shop import service as shop
from kefu.surge import service as surge
from kefu.team import events as team_events
from kefu.team import service as team_service

AT_WORK = (AgentStatus.online, AgentStatus.busy)
LEAVING = (AgentStatus.away, AgentStatus.offline)


def tick_seconds() -> float:
    """How often a process marks its agents seen: three times per grace period at least,
    so a grace period never ends between two marks of a living socket."""
    return min(5.0, get_settings().presence_grace_seconds / 3)


def do_set_status(
    db: Session, *, agent: Agent, status: AgentStatus, auto: bool = False
) -> list[ChatSession]:
    """Her status switch (or presence's, ``auto``). 在线 takes the queue; 离开 and
    离线 give back what she has not answered. Returns the sessions given back."""
    reason = StatusChangeReason.auto if auto else StatusChangeReason.switch
    team_service.do_change_status(db, agent=agent, status=status, reason=reason)
    agent.auto_away = auto and status == AgentStatus.away
    db.flush()
    moved: list[ChatSession] = []
    if status == AgentStatus.online:
        routing.drain_queue(db, agent.group_id)
    elif status in LEAVING:
        moved = _hand_back(db, agent=agent)
    events.agent_status(db, agent)
    return moved


def do_connected(db: Session, *, agent_id: str, at: dt.datetime) -> str:
    """A workbench socket of hers opened; returns her status (在线 again if presence,
    not she, had made her 离开)."""
    agent = _agent(db, agent_id)
    agent.last_seen_at = max(at, agent.last_seen_at or at)
    if agent.auto_away and agent.status == AgentStatus.away:
        do_set_status(db, agent=agent, status=AgentStatus.online)
    return agent.status


def do_seen(db: Session, *, agent_ids: set[str], at: dt.datetime) -> None:
    """The heartbeat of a process: these agents have a socket open in it."""
    repository.touch_agents(db, agent_ids, at)


def do_check_gone(db: Session, *, agent_id: str, since: dt.datetime) -> bool:
    """A grace period after her last socket in a process closed at ``since``: unless
    some process saw her after that, she is 离开. True if she was made so."""
    try:
        agent = _agent(db, agent_id)
    except NotFound:
        return False
    if agent.status not in AT_WORK or (agent.last_seen_at and agent.last_seen_at > since):
        return False
    do_set_status(db, agent=agent, status=AgentStatus.away, auto=True)
    return True


def do_logged_out(db: Session, *, agent: Agent, login: str, went_offline: bool) -> None:
    """A logout: its sockets close; if it was her last login she is 离线 (set by the
    team service) and her unanswered chats move on."""
    if went_offline:
        do_set_status(db, agent=agent, status=AgentStatus.offline)
    team_events.logins_ended(db, agent_id=agent.id, login=login)


def do_sweep_absent(db: Session, *, now: dt.datetime) -> int:
    """Agents no process has seen for a grace period and two heartbeats (a process
    that died, a login that never opened the workbench): 离开, like a closed tab."""
    margin = dt.timedelta(seconds=get_settings().presence_grace_seconds + 2 * tick_seconds())
    gone = repository.absent_agents(db, seen_before=now - margin)
    for agent in gone:
        do_set_status(db, agent=agent, status=AgentStatus.away, auto=True)
    return len(gone)


def do_reassign_unanswered(db: Session, *, now: dt.datetime) -> int:
    """Chats their agent has not answered in ``assign_reply_seconds``: to the least
    loaded free colleague of the group. With none free the chat stays (the queue
    would hand it straight back to her, the least loaded) and is looked at again."""
    limit = dt.timedelta(seconds=int(shop.get(db, "assign_reply_seconds")))
    moved = 0
    for chat_session in repository.unanswered(db, assigned_before=now - limit):
        if chat_session.group_id is None:
            continue
        free = repository.free_agents(db, chat_session.group_id, limit=surge.chat_limit(db))
        colleague = next((a for a, _ in free if a.id != chat_session.agent_id), None)
        if colleague is None:
            continue
        posting.notice(db, chat_session, notices.AGENT_SILENT)
        routing.assign(db, chat_session, agent_id=colleague.id, note="超时未回复，转给同事")
        moved += 1
    return moved


def _hand_back(db: Session, *, agent: Agent) -> list[ChatSession]:
    """Her unanswered chats, each routed again as if new: a colleague, the queue,
    or a 留言 with its automatic reply."""
    sessions = repository.unanswered(db, agent_id=agent.id)
    for chat_session in sessions:
        posting.notice(db, chat_session, notices.AGENT_LEFT)
        chat_session.agent_id = None
        group = chat_session.group_id or shop.get(db, "presale_group")
        offline_due = routing.route(db, chat_session, group_id=group)
        if offline_due is not None:
            notices.offline_reply(db, chat_session, offline_due)
        messaging_events.session_changed(db, chat_session, previous_agent=agent.id)
    return sessions


def _agent(db: Session, agent_id: str) -> Agent:
    return found(repository.agent_for_update(db, agent_id), "客服不存在", code="agent_not_found")

"""Routing (分流): which group, which agent, or the queue, or an offline message.

A new session goes to 售后 when its first messages carry order or after-sales
words, else to 售前; then to the online agent of that group with the lowest
load under their maximum (ties: agent id), else to the group's queue, first
come first served. Outside working hours, or with nobody of the group at work,
the buyer gets an automatic reply and the session becomes an offline message
(留言) with a task: due within the hour in working hours, by 10:00 of the next
opening day at night.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.chat import notices, repository
from kefu.kit import clock
from kefu.messaging import append as posting
from kefu.messaging import events
from kefu.models import Agent, ChatSession, SessionStateChange
from kefu.models.chat import SessionStatus
from kefu.models.work import TaskKind
from kefu.shift import coverage as shift_coverage
from kefu.shift.coverage import Staffing
from kefu.shop import service as shop
from kefu.surge import service as surge
from kefu.task import service as task_service
from kefu.team import service as team_service

# Intents (shared/spec/intents.md) that belong to after-sales when the bot hands over.
AFTERSALE_INTENTS = {
    "logistics_query",
    "return_exchange",
    "refund_status",
    "quality_issue",
    "complaint",
    "review",
}


def decide_group(db: Session, text: str, *, intent: str | None = None) -> str:
    words = shop.get(db, "aftersale_words")
    if intent in AFTERSALE_INTENTS or any(word in text for word in words):
        return shop.get(db, "aftersale_group")
    return shop.get(db, "presale_group")


def record_state(
    db: Session,
    chat_session: ChatSession,
    to_status: SessionStatus,
    *,
    agent_id: str | None = None,
    note: str | None = None,
) -> None:
    previous = chat_session.status
    chat_session.status = to_status.value
    db.add(
        SessionStateChange(
            session_id=chat_session.id,
            at=clock.now(),
            from_status=previous,
            to_status=to_status.value,
            agent_id=agent_id,
            group_id=chat_session.group_id,
            note=note,
        )
    )


def route(db: Session, chat_session: ChatSession, *, group_id: str) -> dt.datetime | None:
    """Send a session that needs a person to an agent, the queue, or the offline list.

    Returns when the offline message is due, if it became one.
    """
    team_service.ensure_group(db, group_id=group_id)
    chat_session.group_id = group_id
    now = clock.now()
    staffing = shift_coverage.staffing(db, at=now, group_ids=[group_id])
    if not _is_open(db, staffing, now):
        return go_offline(db, chat_session, now=now)
    if not _present(db, group_id, staffing):
        if _overflow(db, chat_session, group_id=group_id, now=now, why="无人在岗"):
            return None
        return go_offline(db, chat_session, now=now)
    free = _free_agents(db, group_id, staffing)
    if free:
        assign(db, chat_session, agent_id=free[0][0].id)
        return None
    if _overflow(db, chat_session, group_id=group_id, now=now, why="已满"):
        return None
    chat_session.queued_at = chat_session.waiting_since or now  # a requeued buyer keeps her turn
    record_state(db, chat_session, SessionStatus.queued)
    db.flush()
    announce_queue(db, group_id)
    return None


def _is_open(db: Session, staffing: Staffing | None, now: dt.datetime) -> bool:
    """Open by the rota (and holidays) where one is in force, else by the working hours."""
    return staffing.open if staffing is not None else shop.working_hours(db).is_open(now)


def _present(db: Session, group_id: str, staffing: Staffing | None) -> bool:
    """Somebody of the group at work, and on shift where a rota is in force."""
    if staffing is None or staffing.agent_ids is None:
        return repository.present_agents(db, group_id) > 0
    return any(
        agent_id in staffing.agent_ids for agent_id in repository.present_agent_ids(db, group_id)
    )


def _overflow(
    db: Session, chat_session: ChatSession, *, group_id: str, now: dt.datetime, why: str
) -> bool:
    """Surge mode: the chat of a full group, or of one with nobody at work, goes to a
    free agent of the overflow group rather than waiting or becoming a 留言."""
    target = surge.overflow_group(db, group_id=group_id)
    if target is None:
        return False
    staffing = shift_coverage.staffing(db, at=now, group_ids=[target])
    free = _free_agents(db, target, staffing)
    if not free:
        return False
    chat_session.group_id = target
    assign(db, chat_session, agent_id=free[0][0].id, note=f"大促溢出：{group_id}{why}")
    return True


def _free_agents(db: Session, group_id: str, staffing: Staffing | None) -> list[tuple[Agent, int]]:
    """The group's free agents (up to surge mode's raised limit while it is on), only
    those on shift where a rota is in force."""
    free = repository.free_agents(db, group_id, limit=surge.chat_limit(db))
    if staffing is None or staffing.agent_ids is None:
        return free
    return [(agent, load) for agent, load in free if agent.id in staffing.agent_ids]


def assign(
    db: Session,
    chat_session: ChatSession,
    *,
    agent_id: str,
    note: str | None = None,
    notice: str | None = None,
) -> None:
    """Give the session to an agent; the buyer reads ``notice`` (a transfer), then
    her introduction, the moment she is there for them."""
    agent = team_service.get_agent(db, agent_id)
    assert agent is not None
    previous = chat_session.agent_id
    chat_session.agent_id = agent_id
    chat_session.queued_at = None
    chat_session.assigned_at = clock.now()
    record_state(db, chat_session, SessionStatus.assigned, agent_id=agent_id, note=note)
    if notice:
        posting.notice(db, chat_session, notice)
    notices.introduce(db, chat_session, agent)
    db.flush()
    events.session_changed(db, chat_session, previous_agent=previous)


def drain_queue(db: Session, group_id: str | None) -> int:
    """Give queued sessions to agents who have room, oldest first, and in surge mode
    to the overflow group's once the group is full; how many moved."""
    if group_id is None:
        return 0
    moved = 0
    now = clock.now()
    staffing = shift_coverage.staffing(db, at=now, group_ids=[group_id])
    for chat_session in repository.queue(db, group_id):
        free = _free_agents(db, group_id, staffing)
        if free:
            assign(db, chat_session, agent_id=free[0][0].id)
        elif not _overflow(db, chat_session, group_id=group_id, now=now, why="已满"):
            break
        moved += 1
    if moved:
        announce_queue(db, group_id)
    return moved


def drain_every_queue(db: Session) -> int:
    """Every group's queue at once, when surge mode is switched: its raised limit and
    its overflow make room now, not at the next chat that ends. Buyers still waiting
    hear their place (with the estimated wait, in surge mode)."""
    moved = 0
    for group_id in repository.queued_groups(db):
        moved_here = drain_queue(db, group_id)
        if not moved_here:
            announce_queue(db, group_id)
        moved += moved_here
    return moved


def announce_queue(db: Session, group_id: str) -> None:
    """Every waiting buyer hears her place; in surge mode also as a notice with the
    estimated wait."""
    queue = repository.queue(db, group_id)
    for position, chat_session in enumerate(queue, start=1):
        events.session_changed(db, chat_session, queue_position=position)
    surge.tell_queue(db, group_id=group_id, queue=queue)


def go_offline(db: Session, chat_session: ChatSession, *, now: dt.datetime) -> dt.datetime:
    """Make the session an offline message (留言) with a task; return when it is due."""
    due = offline_due(db, now)
    record_state(db, chat_session, SessionStatus.offline)
    task_service.do_open(
        db,
        kind=TaskKind.offline_message,
        title="回复买家留言",
        due_at=due,
        dedupe_key=f"offline:{chat_session.id}",
        group_id=chat_session.group_id,
        customer_id=chat_session.customer_id,
        session_id=chat_session.id,
    )
    db.flush()
    events.session_changed(db, chat_session)
    return due


def offline_due(db: Session, now: dt.datetime) -> dt.datetime:
    hours = shop.working_hours(db)
    staffing = shift_coverage.chat_staffing(db, at=now)
    if staffing is not None:
        return _offline_due_by_rota(db, staffing, now)
    if hours.is_open(now):
        due = now + dt.timedelta(minutes=int(shop.get(db, "offline_reply_within_minutes")))
        closing = hours.closing(now)
        if closing is None or due <= closing:
            return due
    opening_day = hours.next_opening(now).date()
    reply_by = dt.time.fromisoformat(shop.get(db, "offline_reply_by"))
    return dt.datetime.combine(opening_day, reply_by, tzinfo=hours.zone)


def _offline_due_by_rota(db: Session, staffing: Staffing, now: dt.datetime) -> dt.datetime:
    """Under a rota: within the hour while somebody is on shift; else by the reply time of
    the day the shop opens next, and never before it opens."""
    if staffing.open or staffing.next_opening is None:
        return now + dt.timedelta(minutes=int(shop.get(db, "offline_reply_within_minutes")))
    opening = staffing.next_opening
    reply_by = dt.time.fromisoformat(shop.get(db, "offline_reply_by"))
    by = dt.datetime.combine(opening.date(), reply_by, opening.tzinfo)  # the shop's zone
    return max(by, opening)

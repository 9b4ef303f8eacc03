"""Surge mode (大促模式): a campaign day's way of receiving buyers, switched on by the
supervisor. Its settings are shop settings (kefu.shop.surge_settings); the chat's routing
asks here for the raised per-agent limit and the overflow group, and tells the queue
through here how long the wait is. The bot reads its own part (a lower hand-off
threshold for routine intents) from the same settings."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kefu.messaging import append as posting
from kefu.models import Agent, ChatSession
from kefu.shop import service as shop
from kefu.surge import repository
from kefu.surge.schemas import GroupLoad, SurgeOut

KEYS = (
    "surge_mode",
    "surge_handoff_below",
    "surge_max_concurrent",
    "surge_overflow_group",
    "surge_refresh_seconds",
)
NORMAL_REFRESH_SECONDS = 60
# Before the day has chats to average over: a typical chat's few minutes.
DEFAULT_HANDLE_SECONDS = 180.0
RECENT_CHATS = 50
EXACT_POSITIONS = 10  # beyond this the buyer reads "more than 10 ahead", not each step


@dataclass(frozen=True)
class Surge:
    on: bool
    handoff_below: float
    max_concurrent: int
    overflow_group: str | None
    refresh_seconds: int


def read(db: Session) -> Surge:
    values = shop.get_many(db, KEYS)
    return Surge(
        on=bool(values["surge_mode"]),
        handoff_below=float(values["surge_handoff_below"]),
        max_concurrent=int(values["surge_max_concurrent"]),
        overflow_group=values["surge_overflow_group"] or None,
        refresh_seconds=int(values["surge_refresh_seconds"]),
    )


def chat_limit(db: Session) -> int | None:
    """The raised per-agent concurrent chat limit while surge mode is on, else None
    (each agent's own limit applies; a higher own limit always wins)."""
    surge = read(db)
    return surge.max_concurrent if surge.on else None


def limit_of(db: Session, agent: Agent) -> int:
    return max(agent.max_concurrent, chat_limit(db) or 0)


def overflow_group(db: Session, *, group_id: str) -> str | None:
    """Where a full group's new chats go while surge mode is on (None: they queue)."""
    surge = read(db)
    if not surge.on or surge.overflow_group in (None, group_id):
        return None
    return surge.overflow_group


def handle_seconds(db: Session, *, group_id: str) -> float:
    """How long the group's latest chats took from a person taking them to their end."""
    spans = repository.recent_handlings(db, group_id=group_id, limit=RECENT_CHATS)
    if not spans:
        return DEFAULT_HANDLE_SECONDS
    return sum((closed - assigned).total_seconds() for assigned, closed in spans) / len(spans)


def capacity(db: Session, *, group_id: str, limit: int | None) -> int:
    """How many chats the group's online agents can hold at once."""
    return sum(max(own, limit or 0) for own in repository.online_limits(db, group_id=group_id))


def estimated_wait_seconds(*, position: int, handle_seconds: float, capacity: int) -> int:
    """A place frees every handle_seconds / capacity seconds on average; the buyer at
    ``position`` is served when that many have freed."""
    return math.ceil(position * handle_seconds / max(1, capacity))


def queue_text(*, position: int, wait_seconds: int) -> str:
    minutes = max(1, math.ceil(wait_seconds / 60))
    if position <= EXACT_POSITIONS:
        return f"您当前排在第 {position} 位，预计等待约 {minutes} 分钟，请稍候～"
    return f"您前面排队的买家超过 {EXACT_POSITIONS} 位，预计等待约 {minutes} 分钟，请稍候～"


def tell_queue(db: Session, *, group_id: str, queue: Sequence[ChatSession]) -> int:
    """In surge mode, tell each waiting buyer her place and the estimated wait, as a
    notice, whenever what she would read has changed; returns how many were told."""
    surge = read(db)
    if not surge.on or not queue:
        return 0
    spent = handle_seconds(db, group_id=group_id)
    room = capacity(db, group_id=group_id, limit=surge.max_concurrent)
    told = 0
    for position, chat_session in enumerate(queue, start=1):
        wait = estimated_wait_seconds(position=position, handle_seconds=spent, capacity=room)
        text = queue_text(position=position, wait_seconds=wait)
        extra = chat_session.extra or {}
        if extra.get("queue_notice") == text:
            continue
        chat_session.extra = {**extra, "queue_notice": text}
        posting.notice(db, chat_session, text)
        told += 1
    return told


def state(db: Session) -> SurgeOut:
    """What the surge page, the dashboard and the workbench need: the switch, its
    parameters, and each chat group's queue with its estimated wait."""
    surge = read(db)
    limit = surge.max_concurrent if surge.on else None
    groups = [shop.get(db, "presale_group"), shop.get(db, "aftersale_group")]
    if surge.overflow_group:
        groups.append(surge.overflow_group)
    loads = []
    for group_id in dict.fromkeys(groups):
        waiting = repository.waiting(db, group_id=group_id)
        spent = handle_seconds(db, group_id=group_id)
        room = capacity(db, group_id=group_id, limit=limit)
        loads.append(
            GroupLoad(
                group_id=group_id,
                waiting=waiting,
                agents_online=len(repository.online_limits(db, group_id=group_id)),
                capacity=room,
                handle_seconds=round(spent),
                next_wait_seconds=estimated_wait_seconds(
                    position=waiting + 1, handle_seconds=spent, capacity=room
                ),
            )
        )
    return SurgeOut(
        on=surge.on,
        refresh_seconds=surge.refresh_seconds if surge.on else NORMAL_REFRESH_SECONDS,
        handoff_below=surge.handoff_below,
        max_concurrent=surge.max_concurrent,
        overflow_group=surge.overflow_group,
        groups=loads,
    )


def do_switch(db: Session, *, on: bool, by: Agent) -> None:
    """The supervisor switches surge mode on or off (audited like any setting)."""
    shop.do_change(db, key="surge_mode", value=on, by=by)

"""在线时长 (kpis.md, online_hours): hours an agent's status was 在线 or 忙碌, from the
append-only status log, clipped to the period (a day, or a month as the sum of its days)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kpi.engine import half_up
from kefu.models import AgentStatusChange
from kefu.models.team import AgentStatus
from kefu.team import service as team

WORKING = (AgentStatus.online.value, AgentStatus.busy.value)


def online_seconds(
    changes: Iterable[AgentStatusChange], start: dt.datetime, end: dt.datetime
) -> dict[str, float]:
    """Per agent, seconds 在线 or 忙碌 in [start, end). ``changes`` are oldest first, led by
    each agent's last change before ``start``; the last status lasts until ``end``."""
    spans: dict[str, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for change in changes:
        spans[change.agent_id].append((change.at, change.status))
    seconds: dict[str, float] = {}
    for agent_id, rows in spans.items():
        total = 0.0
        for (since, status), (until, _next) in zip(rows, [*rows[1:], (end, "")], strict=True):
            begin, finish = max(since, start), min(until, end)
            if status in WORKING and finish > begin:
                total += (finish - begin).total_seconds()
        seconds[agent_id] = total
    return seconds


def online_hours(
    db: Session, *, agent_ids: list[str], start: dt.datetime, end: dt.datetime
) -> dict[str, float]:
    """Per agent, hours online in [start, end), two decimals; an open period ends now."""
    end = min(end, max(start, clock.now()))
    changes = team.status_changes(db, agent_ids=agent_ids, start=start, end=end)
    return {
        agent: half_up(Decimal(str(seconds)) / 3600, 2)
        for agent, seconds in online_seconds(changes, start, end).items()
    }


def online_hours_by_day(
    db: Session, *, agent_id: str, start: dt.datetime, end: dt.datetime, tz: str
) -> dict[str, float]:
    """One agent's hours online per day of the period (days in the shop's zone)."""
    changes = team.status_changes(db, agent_ids=[agent_id], start=start, end=end)
    stop = min(end, max(start, clock.now()))
    out, day = {}, clock.in_zone(start, tz).date()
    while (begin := clock.local_midnight(day, tz)) < end:
        following = clock.local_midnight(day + dt.timedelta(days=1), tz)
        seconds = online_seconds(changes, begin, min(following, stop)) if begin < stop else {}
        out[day.isoformat()] = half_up(Decimal(str(seconds.get(agent_id, 0.0))) / 3600, 2)
        day += dt.timedelta(days=1)
    return out

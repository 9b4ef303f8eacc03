"""What the desk's pages list: handled calls, missed calls, call tasks, and 通时通次
(call_count, call_minutes of kpis.md) per agent and day in the shop's zone."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.crm.profile import display_name
from kefu.hotline import repository
from kefu.hotline.schemas import CallFilters, StatRow
from kefu.hotline.service import task_row
from kefu.kit import clock
from kefu.kit.paging import PageParams, paged
from kefu.models.work import TaskKind


def call_list(
    db: Session, *, filters: CallFilters, agent_ids: frozenset[str] | None, params: PageParams
) -> dict[str, Any]:
    rows, total = repository.call_page(db, filters, agent_ids=agent_ids, params=params)
    items = [
        {
            "id": call.id,
            "at": call.at,
            "direction": call.direction,
            "duration_s": call.duration_s,
            "phone": call.phone,
            "topic": call.topic,
            "result": call.result,
            "agent_id": call.agent_id,
            "agent_name": agent_name,
            "customer_id": call.customer_id,
            "customer_name": display_name(call.customer_id, nick, name),
            "recording_src": recording_src(call),
            "qc_total": qc_total,
        }
        for call, agent_name, nick, name, qc_total in rows
    ]
    return paged(items, total, params)


def recording_src(call: Any) -> str | None:
    """Where the staff app's <audio> plays the recording from."""
    if call.recording_sha256:
        return f"/api/v1/hotline/calls/{call.id}/recording"
    return call.recording_url


def missed_list(
    db: Session, *, open_only: bool, agent_ids: frozenset[str] | None, params: PageParams
) -> dict[str, Any]:
    now = clock.now()
    rows, total = repository.missed_page(
        db, open_only=open_only, agent_ids=agent_ids, params=params
    )
    items = [
        {
            "id": call.id,
            "rang_at": call.rang_at,
            "phone": call.phone,
            "customer_id": call.customer_id,
            "customer_name": display_name(call.customer_id, nick, name)
            if call.customer_id
            else None,
            "task_id": task.id,
            "task_status": task.status,
            "due_at": task.due_at,
            "overdue": task.status == "open" and task.due_at < now,
            "assignee_name": assignee_name,
        }
        for call, task, nick, name, assignee_name in rows
    ]
    return paged(items, total, params)


def task_list(
    db: Session, *, open_only: bool, agent_ids: frozenset[str] | None, params: PageParams
) -> dict[str, Any]:
    now = clock.now()
    kinds = (TaskKind.hotline_call.value, TaskKind.cod_confirmation.value)
    rows, total = repository.task_page(
        db, kinds=kinds, open_only=open_only, agent_ids=agent_ids, params=params
    )
    return paged([task_row(row[0], tuple(row[1:]), now=now) for row in rows], total, params)


def day_stats(
    db: Session, *, start: dt.date, end: dt.date, agent_ids: frozenset[str] | None
) -> list[StatRow]:
    """通时通次 per agent and local day in [start, end]: inbound, outbound and together;
    minutes to one decimal."""
    tz = get_settings().shop_timezone
    rows = repository.calls_between(
        db,
        start=clock.local_midnight(start, tz),
        end=clock.local_midnight(end + dt.timedelta(days=1), tz),
        agent_ids=agent_ids,
    )
    counts: dict[tuple[str, dt.date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names: dict[str, str] = {}
    for agent_id, name, at, direction, seconds in rows:
        names[agent_id] = name
        tally = counts[(agent_id, clock.in_zone(at, tz).date())]
        tally[f"{direction}_count"] += 1
        tally[f"{direction}_seconds"] += seconds
    return [
        StatRow(
            agent_id=agent_id,
            agent_name=names[agent_id],
            day=day,
            in_count=t["in_count"],
            in_minutes=round(t["in_seconds"] / 60, 1),
            out_count=t["out_count"],
            out_minutes=round(t["out_seconds"] / 60, 1),
            call_count=t["in_count"] + t["out_count"],
            call_minutes=round((t["in_seconds"] + t["out_seconds"]) / 60, 1),
        )
        for (agent_id, day), t in sorted(
            counts.items(), key=lambda item: (item[0][1], names[item[0][0]])
        )
    ]

"""What the dashboard shows: today's live numbers, a trend, agents side by side by name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.chat import monitor
from kefu.kit import clock
from kefu.kpi import report, service
from kefu.team import service as team_service

TREND_DAYS = 14


def overview(db: Session, *, start: dt.date, end: dt.date, tz: str) -> dict[str, Any]:
    today = clock.in_zone(clock.now(), tz).date()
    live = monitor.overview(db)
    today_kpis = service.compute(
        db, start=_midnight(today, tz), end=_midnight(today + dt.timedelta(days=1), tz)
    )
    trend_start = today - dt.timedelta(days=TREND_DAYS - 1)
    trend = report.build(db, start=trend_start, end=today + dt.timedelta(days=1), by="day", tz=tz)
    by_agent = report.build(db, start=start, end=end, by="agent", tz=tz)
    names = {agent.id: agent.name for agent in team_service.list_agents(db)}
    return {
        "labels": report.KPI_LABELS,
        "today": {
            "date": today.isoformat(),
            "waiting": sum(queue.queued for queue in live.queues),
            "waiting_over_60s": len(live.waiting_over_60s),
            "agents_online": sum(1 for agent in live.agents if agent.status == "online"),
            "offline_messages": live.offline_open,
            **{
                key: today_kpis["shop"][key]
                for key in ("sessions", "first_response_s", "avg_response_s")
            },
        },
        "trend": [
            {
                "day": period["label"],
                **{key: period["shop"][key] for key in ("sessions", "first_response_s", "csat")},
            }
            for period in trend["periods"]
        ],
        "period": by_agent,
        # The report keys agents by id; people read names.
        "agent_names": {agent_id: names.get(agent_id, agent_id) for agent_id in by_agent["agents"]},
    }


def _midnight(day: dt.date, tz: str) -> dt.datetime:
    return clock.local_midnight(day, tz)

"""What the dashboard shows: today's live numbers, a trend, agents side by side by name.

A reader on top: the live numbers come from the messaging core (sessions queued, waiting,
offline) and the team (who is online), never from the chat flow above."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kpi import queries, report
from kefu.messaging import queries as messaging_queries
from kefu.models.chat import SessionStatus
from kefu.models.team import SERVICE_ROLES, AgentStatus
from kefu.team import service as team_service

TREND_DAYS = 14


def overview(db: Session, *, start: dt.date, end: dt.date, tz: str) -> dict[str, Any]:
    today = clock.in_zone(clock.now(), tz).date()
    agents = team_service.list_agents(db)
    today_kpis = queries.compute(
        db, start=_midnight(today, tz), end=_midnight(today + dt.timedelta(days=1), tz)
    )
    trend_start = today - dt.timedelta(days=TREND_DAYS - 1)
    trend = report.build(db, start=trend_start, end=today + dt.timedelta(days=1), by="day", tz=tz)
    by_agent = report.build(db, start=start, end=end, by="agent", tz=tz)
    names = {agent.id: agent.name for agent in agents}
    return {
        "labels": report.KPI_LABELS,
        "today": {
            "date": today.isoformat(),
            "waiting": sum(n for group, n, _ in messaging_queries.queue_summary(db) if group),
            "waiting_over_60s": messaging_queries.count_waiting(
                db,
                waiting_before=clock.now() - messaging_queries.WAITING_ALERT,
                statuses=(SessionStatus.queued, SessionStatus.assigned),
            ),
            "agents_online": sum(
                1
                for agent in agents
                if agent.active
                and agent.role in SERVICE_ROLES
                and agent.status == AgentStatus.online
            ),
            "offline_messages": messaging_queries.count_with_status(
                db, status=SessionStatus.offline
            ),
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

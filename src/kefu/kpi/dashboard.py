"""What the dashboard shows: today's live numbers, a trend, agents side by side."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.chat import monitor
from kefu.chat import service as chat_service
from kefu.kit import clock
from kefu.kpi import report, repository, service
from kefu.qc import service as qc_service

TREND_DAYS = 14


def overview(db: Session, *, start: dt.date, end: dt.date, tz: str) -> dict[str, Any]:
    today = clock.in_zone(clock.now(), tz).date()
    live = monitor.overview(db)
    today_kpis = service.compute(
        db, start=_midnight(today, tz), end=_midnight(today + dt.timedelta(days=1), tz)
    )
    trend_start = today - dt.timedelta(days=TREND_DAYS - 1)
    trend = report.build(db, start=trend_start, end=today + dt.timedelta(days=1), by="day", tz=tz)
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
        "period": report.build(db, start=start, end=end, by="agent", tz=tz),
    }


def _midnight(day: dt.date, tz: str) -> dt.datetime:
    return clock.local_midnight(day, tz)


def sessions(
    db: Session, *, start: dt.date, end: dt.date, tz: str, agent_id: str | None
) -> list[dict[str, Any]]:
    rows = repository.session_list(
        db, _midnight(start, tz), _midnight(end, tz), agent_id, limit=500
    )
    return [
        {
            "id": row.id,
            "opened_at": row.opened_at,
            "channel": row.channel,
            "customer": row.nick,
            "messages": row.messages or 0,
            "qc_score": row.score,
        }
        for row in rows
    ]


def transcript(db: Session, *, session_id: str) -> dict[str, Any]:
    chat_session = chat_service.check_agent_session(db, session_id=session_id)
    qc = qc_service.recorded(db, session_id=session_id) or qc_service.inspect_session(
        db, session_id=session_id
    )
    return {
        "session": {
            "id": chat_session.id,
            "customer_id": chat_session.customer_id,
            "channel": chat_session.channel,
            "opened_at": chat_session.opened_at,
            "closed_at": chat_session.closed_at,
        },
        "messages": [
            m.model_dump(mode="json", by_alias=True)
            for m in chat_service.messages_of(db, chat_session=chat_session)
        ],
        "qc": qc.model_dump(mode="json"),
    }

"""The sessions behind a number: a list to find them by period, agent, channel, QC result or
words, and one session's transcript with its QC findings beside the messages they are about."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kit.paging import PageParams, paged_map
from kefu.kpi import sessions_repository as repository
from kefu.messaging import queries as messaging_queries
from kefu.messaging import service as messaging
from kefu.models.team import SERVICE_ROLES
from kefu.qc import service as qc_service
from kefu.qc import worklists as qc_worklists
from kefu.team import service as team_service


def _row(row: Any, spoke: list[str]) -> dict[str, Any]:
    """A session as lists show it; ``agent_names``: everyone who wrote in it (a transferred
    session has several), ``agent_name`` the one holding it now."""
    return {
        "id": row.id,
        "opened_at": row.opened_at,
        "closed_at": row.closed_at,
        "status": row.status,
        "channel": row.channel,
        "customer": row.nick,
        "agent_id": row.agent_id,
        "agent_name": row.agent_name,
        "agent_names": spoke,
        "messages": row.messages,
        "qc_score": row.score,
        "flagged": row.flagged,
    }


def page(
    db: Session,
    *,
    start: dt.date,
    end: dt.date,
    tz: str,
    agent_id: str | None,
    channel: str | None,
    flagged: bool | None,
    q: str | None,
    params: PageParams,
) -> dict[str, Any]:
    rows, total = repository.session_page(
        db,
        start=clock.local_midnight(start, tz),
        end=clock.local_midnight(end, tz),
        agent_id=agent_id,
        channel=channel,
        flagged=flagged,
        q=q,
        params=params,
    )
    spoke = repository.agents_in(db, [row.id for row in rows])
    return paged_map(rows, total, params, lambda row: _row(row, spoke[row.id]))


def agents(db: Session) -> list[dict[str, str]]:
    """Everyone a number may be about (the roles that talk to buyers), by name: the choices
    of the lists' agent filter."""
    return [
        {"id": agent.id, "name": agent.name, "role": agent.role}
        for agent in team_service.list_agents(db)
        if agent.role in SERVICE_ROLES
    ]


def transcript(db: Session, *, session_id: str) -> dict[str, Any]:
    """The messages with their authors' names, the QC result, and the review if queued."""
    chat_session = messaging.check_agent_session(db, session_id=session_id)
    header = repository.session_header(db, session_id)
    qc = qc_service.recorded(db, session_id=session_id) or qc_service.inspect_session(
        db, session_id=session_id
    )
    return {
        "session": _row(header, repository.agents_in(db, [session_id])[session_id]),
        "messages": [
            m.model_dump(mode="json", by_alias=True)
            for m in messaging_queries.messages_of(db, chat_session=chat_session)
        ],
        "qc": qc.model_dump(mode="json"),
        "review": qc_worklists.state_of(db, session_id=session_id),
    }

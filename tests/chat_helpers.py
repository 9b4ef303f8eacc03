"""Builders for chat tests: agents at work, buyers, a controllable clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.models import Agent
from kefu.models.team import AgentStatus, Role
from kefu.team import service as team_service

# A Tuesday, 10:00 in Shanghai: inside the default working hours 09:00–23:00.
WORK_TIME = dt.datetime(2026, 11, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def agent(
    db: Session,
    login: str,
    *,
    group: str | None = "售前组",
    role: Role = Role.presale,
    status: AgentStatus = AgentStatus.online,
    max_concurrent: int = 8,
) -> Agent:
    row = team_service.do_add_agent(
        db,
        login=login,
        role=role,
        password="s3cret-pass",
        group_id=group,
        max_concurrent=max_concurrent,
    )
    row.status = status.value
    db.flush()
    return row


def buyer(db: Session) -> str:
    return crm_service.do_add_visitor(db).id


@contextmanager
def frozen_at(at: dt.datetime) -> Iterator[clock.FrozenClock]:
    frozen = clock.FrozenClock(at)
    previous = clock.use_clock(frozen)
    try:
        yield frozen
    finally:
        clock.use_clock(previous)

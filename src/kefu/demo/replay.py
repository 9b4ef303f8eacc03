"""Replaying the demo shop's past through the services: each step runs with the clock
set back to its moment, so trails, promises, tasks and deadlines read as they would in
a real shop. Nothing is replayed later than the demo's now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.models import Agent
from kefu.team import service as team_service

Lines = list[dict[str, Any]]
HOUR = dt.timedelta(hours=1)


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    """Run the services as if it were ``moment`` (never later than the demo's now)."""
    previous = clock.use_clock(clock.FrozenClock(moment))
    try:
        yield
    finally:
        clock.use_clock(previous)


@dataclass
class Demo:
    db: Session
    now: dt.datetime
    orders: Lines

    def agent(self, login: str) -> Agent:
        agent = team_service.get_agent(self.db, login)
        assert agent is not None, login
        return agent

    def ago(self, hours: float) -> dt.datetime:
        return self.now - dt.timedelta(hours=hours)

    def orders_in(self, status: str) -> Lines:
        return [order for order in self.orders if order["status"] == status]


Served = dict[str, tuple[str | None, dt.datetime]]

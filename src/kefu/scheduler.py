"""The scheduler: every domain's evaluators (proactive tasks) run once a minute,
inside ``kefu serve`` by default or as ``kefu worker``.

Only one scheduler acts at a time when several processes run. On PostgreSQL each
tick takes a transaction-level advisory lock and a tick that cannot get it does
nothing; on SQLite a tick's transaction starts with ``BEGIN IMMEDIATE``, so ticks of
different processes run one after the other. Evaluators are idempotent (each task
has a ``dedupe_key``), so a tick that runs again changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from kefu.aftersale import tasks as aftersale_tasks
from kefu.db import unit_of_work
from kefu.kit import clock
from kefu.order import tasks as order_tasks

log = logging.getLogger(__name__)
LOCK_KEY = 0x6B656675  # "kefu"
TICK_SECONDS = 60.0
EVALUATORS: tuple[Callable[..., int], ...] = order_tasks.EVALUATORS + aftersale_tasks.EVALUATORS


def _hold_lock(db: Session) -> bool:
    if db.get_bind().dialect.name != "postgresql":
        return True  # SQLite: BEGIN IMMEDIATE already made this the only writer
    return bool(db.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": LOCK_KEY}))


def tick(factory: sessionmaker[Session]) -> dict[str, int] | None:
    """Run every evaluator once, in one transaction; None if another process holds the lock."""
    with unit_of_work(factory) as db:
        if not _hold_lock(db):
            return None
        now = clock.now()
        return {evaluate.__name__: evaluate(db, now=now) for evaluate in EVALUATORS}


async def run_forever(factory: sessionmaker[Any], *, every: float = TICK_SECONDS) -> None:
    loop = asyncio.get_running_loop()
    while True:
        try:
            await loop.run_in_executor(None, tick, factory)
        except Exception:  # one bad tick must not stop the scheduler
            log.exception("scheduler tick failed; will retry")
        await asyncio.sleep(every)

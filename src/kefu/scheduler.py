"""The scheduler: every domain's evaluators (proactive tasks) run once a minute,
inside ``kefu serve`` by default or as ``kefu worker``.

Only one scheduler acts at a time when several processes run. On PostgreSQL each
tick takes a transaction-level advisory lock and a tick that cannot get it does
nothing; on SQLite a tick's transaction starts with ``BEGIN IMMEDIATE``, so ticks of
different processes run one after the other. Evaluators are idempotent (each task
has a ``dedupe_key``), so a tick that runs again changes nothing. The server's
other background jobs take the same lock (``locked``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import State

from kefu import db as edge
from kefu.aftersale import tasks as aftersale_tasks
from kefu.db import unit_of_work
from kefu.kit import clock
from kefu.order import tasks as order_tasks
from kefu.training import tasks as training_tasks

log = logging.getLogger(__name__)
LOCK_KEY = 0x6B656675  # "kefu"
TICK_SECONDS = 60.0
T = TypeVar("T")
EVALUATORS: tuple[Callable[..., int], ...] = (
    order_tasks.EVALUATORS + aftersale_tasks.EVALUATORS + training_tasks.EVALUATORS
)


def hold_lock(db: Session) -> bool:
    """Take the scheduler's lock for this transaction; False if another process has it."""
    if db.get_bind().dialect.name != "postgresql":
        return True  # SQLite: BEGIN IMMEDIATE already made this the only writer
    return bool(db.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": LOCK_KEY}))


def locked(job: Callable[[Session], T]) -> Callable[[Session], T | None]:
    """``job`` under the scheduler's lock (every background job runs so): it does
    nothing and gives None while another process holds the lock."""

    def work(db: Session) -> T | None:
        return job(db) if hold_lock(db) else None

    return work


def evaluate(db: Session) -> dict[str, int]:
    """Run every evaluator once; the counts of tasks each made."""
    now = clock.now()
    return {evaluator.__name__: evaluator(db, now=now) for evaluator in EVALUATORS}


def tick(factory: sessionmaker[Session]) -> dict[str, int] | None:
    """One tick from a process without a loop (``kefu worker``); None if another
    process holds the lock."""
    with unit_of_work(factory) as db:
        return locked(evaluate)(db)


async def run_forever(state: State, *, every: float = TICK_SECONDS) -> None:
    while True:
        try:
            await edge.run(state, locked(evaluate))
        except Exception:  # one bad tick must not stop the scheduler
            log.exception("scheduler tick failed; will retry")
        await asyncio.sleep(every)

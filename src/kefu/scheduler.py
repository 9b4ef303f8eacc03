"""The scheduler: every domain's evaluators (proactive tasks) run once a minute,
inside ``kefu serve`` by default or as ``kefu worker``.

Only one scheduler acts at a time when several processes run. On PostgreSQL each
tick takes a transaction-level advisory lock and a tick that cannot get it does
nothing; on SQLite a tick's transaction starts with ``BEGIN IMMEDIATE``, so ticks of
different processes run one after the other. Evaluators are idempotent (each task
has a ``dedupe_key``), so a tick that runs again changes nothing. The server's
other background jobs take the same lock (kefu/joblock.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import State

from kefu import db as edge
from kefu import joblock
from kefu.aftersale import jobs as aftersale_jobs
from kefu.db import unit_of_work
from kefu.incident import jobs as incident_jobs
from kefu.kit import clock
from kefu.order import jobs as order_jobs
from kefu.parcel import claims as parcel_claims
from kefu.ticket import claims as platform_claims
from kefu.training import jobs as training_jobs

log = logging.getLogger(__name__)
TICK_SECONDS = 60.0
T = TypeVar("T")
EVALUATORS: tuple[Callable[..., int], ...] = (
    order_jobs.EVALUATORS
    + aftersale_jobs.EVALUATORS
    + incident_jobs.EVALUATORS
    + parcel_claims.EVALUATORS
    + platform_claims.EVALUATORS
    + training_jobs.EVALUATORS
)


def evaluate(db: Session) -> dict[str, int]:
    """Run every evaluator once; the counts of tasks each made."""
    now = clock.now()
    return {evaluator.__name__: evaluator(db, now=now) for evaluator in EVALUATORS}


def tick(factory: sessionmaker[Session]) -> dict[str, int] | None:
    """One tick from a process without a loop (``kefu worker``); None if another
    process holds the lock."""
    with unit_of_work(factory) as db:
        return joblock.locked(evaluate)(db)


async def run_forever(state: State, *, every: float = TICK_SECONDS) -> None:
    while True:
        try:
            await edge.run(state, joblock.locked(evaluate))
        except Exception:  # one bad tick must not stop the scheduler
            log.exception("scheduler tick failed; will retry")
        await asyncio.sleep(every)

"""The one lock every background job runs under (the scheduler's ticks, the mail outbox,
the hourly QC sample): when several processes run, one acts at a time.

On PostgreSQL a job's transaction takes an advisory lock and one that cannot get it does
nothing; on SQLite the transaction starts with ``BEGIN IMMEDIATE``, which already makes it
the only writer. It sits low in the house so that low domains (mailing) can use it without
importing the scheduler, which imports every domain's evaluators.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session

LOCK_KEY = 0x6B656675  # "kefu"
T = TypeVar("T")


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

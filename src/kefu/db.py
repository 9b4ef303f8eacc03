"""Engines, sessions, and the transaction edge.

SQLite is the embedded default; its driver is switched to explicit BEGIN IMMEDIATE
so that SAVEPOINTs (used by all-or-nothing imports and by the test fixtures) work
and concurrent writers wait for each other, and foreign keys are enforced as on
PostgreSQL.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State

from kefu.config import get_settings
from kefu.kit import outbox
from kefu.kit.outbox import Event
from kefu.realtime import publish_from_outside

BUSY_TIMEOUT_S = 10
WAL_CHECKPOINT_PAGES = 8000
POOL_SIZE, POOL_OVERFLOW = 10, 10
# Requests and chat jobs that use the database at once (see api/routing.py): fewer
# than the connection pool (an export stream keeps one) and than the threadpool's
# 40 threads, so a transaction always finds a thread for its next step.
DB_SLOTS = POOL_SIZE + POOL_OVERFLOW - 4
_HOLDS_WRITE_LOCK = "kefu_holds_write_lock"
T = TypeVar("T")


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    url = url or get_settings().database_url
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # Last in, first out: the connection just given back is taken next, with its caches
    # warm. First in, first out handed each transaction the connection idle longest, and
    # on SQLite one whose page cache another connection's commit had made stale: the
    # chat's group commit read its B-tree pages again every batch (about 15 % of a
    # send's server CPU, docs/benchmarks.md). On PostgreSQL it keeps the driver's
    # prepared statements in use and lets the rest of the pool go idle.
    pool = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW, "pool_use_lifo": True}
    if url.startswith("sqlite"):
        if ":memory:" in url or url.rstrip("/") == "sqlite:":
            pool = {}
        engine = create_engine(url, connect_args={"check_same_thread": False}, **pool, **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **pool, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    # This process's writers take turns on a lock: a waiter wakes the moment the
    # previous commit lands, instead of sleeping in SQLite's busy handler (steps of
    # up to 100 ms), which is what made chat latency spiky. Other processes still
    # meet at SQLite's own lock and busy timeout.
    write_lock = threading.Lock()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # A checkpoint (the only fsync in WAL mode with synchronous=NORMAL) runs
            # inside the commit that crosses the limit, with the write lock held. At
            # 8,000 pages (32 MiB of WAL) instead of 1,000 they come 8× less often:
            # the chat's group commit went from about 4,700 to about 6,000 msg/s.
            cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front: two deferred transactions that
        # both read and then write would make SQLite refuse one with "database is
        # locked" at once, whatever the busy timeout. This way writers queue.
        # Long read-only streams (exports) say so and don't hold up the writers.
        if connection.get_execution_options().get(READ_ONLY, False):
            _begin(connection, "BEGIN")
            return
        if not write_lock.acquire(timeout=BUSY_TIMEOUT_S):
            raise OperationalError("BEGIN IMMEDIATE", {}, TimeoutError("database is locked"))
        connection.info[_HOLDS_WRITE_LOCK] = True
        try:
            _begin(connection, "BEGIN IMMEDIATE")
        except BaseException:
            _release(connection.info)
            raise

    def _begin(connection: Connection, sql: str) -> None:
        # On the driver itself: through SQLAlchemy's execution, BEGIN cost about 20 µs
        # of every transaction (a third of an empty unit of work's), for a statement
        # with no parameters and no rows. Its errors are raised as SQLAlchemy's still.
        try:
            connection.connection.driver_connection.execute(sql)
        except sqlite3.Error as exc:
            raise DBAPIError.instance(sql, (), exc, sqlite3.Error) from exc

    def _release(info: dict[Any, Any]) -> None:
        if info.pop(_HOLDS_WRITE_LOCK, False):
            write_lock.release()

    event.listen(engine, "commit", lambda connection: _release(connection.info))
    event.listen(engine, "rollback", lambda connection: _release(connection.info))
    # A connection given back to the pool without commit or rollback (a session
    # dropped, not closed) is reset by the pool alone: release there too.
    event.listen(engine, "reset", lambda _dbapi, record, _state: _release(record.info))


READ_ONLY = "kefu_read_only"


def read_only(db: Session) -> None:
    """Mark the session's transaction as read-only, before its first query."""
    db.connection(execution_options={READ_ONLY: True})


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


def defer_foreign_keys(db: Session) -> None:
    """Check foreign keys at commit, not per row (rows of a file may come in any order)."""
    if db.get_bind().dialect.name == "sqlite":
        db.execute(text("PRAGMA defer_foreign_keys=ON"))
    else:
        db.execute(text("SET CONSTRAINTS ALL DEFERRED"))


# The transaction edge. Services never commit; these do, and only then publish the
# unit's events (kit/outbox.py), so nobody hears of a change that was rolled back.
# Requests (api/routing.py), socket jobs, the scheduler, background loops and the
# CLI all end their units here.


def commit(db: Session) -> list[Event]:
    """Commit the unit; return its events, now safe to publish."""
    try:
        db.commit()
    except BaseException:
        rollback(db)
        raise
    return outbox.take(db)


def rollback(db: Session) -> None:
    """Roll the unit back and forget its events."""
    outbox.discard(db)
    db.rollback()


def run_unit(factory: sessionmaker[Session], work: Callable[[Session], T]) -> tuple[T, list[Event]]:
    """``work`` in its own session on this thread: its result and the events to publish."""
    with factory() as db:
        try:
            result = work(db)
        except BaseException:
            rollback(db)
            raise
        return result, commit(db)


async def run(state: State, work: Callable[[Session], T]) -> T:
    """The async edge (socket jobs, scheduler, background loops): ``work`` runs on a
    worker thread in its own transaction, and its events are published after the
    commit. ``state.db_slots`` bounds how many run at once, requests included."""
    async with state.db_slots:
        result, events = await run_in_threadpool(run_unit, state.sessionmaker, work)
    await state.broker.publish(events)
    return result


def publisher_for(state: State) -> Callable[[list[Event]], None]:
    """Publish from a worker thread through the broker of the loop that called this."""
    loop = asyncio.get_running_loop()

    def publish(events: list[Event]) -> None:
        if events:
            asyncio.run_coroutine_threadsafe(state.broker.publish(events), loop).result(10)

    return publish


@contextmanager
def unit_of_work(
    factory: sessionmaker[Session], *, publish: Callable[[list[Event]], None] | None = None
) -> Iterator[Session]:
    """The synchronous edge (CLI commands): commit when the block succeeds, then
    publish; roll back when it raises. Without ``publish`` the events go to the
    servers through Redis when one is configured (``realtime.publish_from_outside``)."""
    with factory() as db:
        try:
            yield db
        except BaseException:
            rollback(db)
            raise
        events = commit(db)
    (publish or publish_from_outside)(events)

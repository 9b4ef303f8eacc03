"""The job edge of the chat's long-lived connections and loops: a unit of work in
its own database session, committed before anyone hears of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State

from kefu.kit import outbox

T = TypeVar("T")


async def run(state: State, work: Callable[[Session], T]) -> tuple[T, list[outbox.Event]]:
    """Run ``work`` in its own transaction; return its result and its events
    (``state.db_slots`` bounds how many run at once, requests included)."""

    def in_thread() -> tuple[T, list[outbox.Event]]:
        with state.sessionmaker() as db:
            try:
                result = work(db)
                db.commit()
            except BaseException:
                outbox.discard(db)
                db.rollback()
                raise
            return result, outbox.take(db)

    async with state.db_slots:
        return await run_in_threadpool(in_thread)


async def run_and_publish(state: State, work: Callable[[Session], T]) -> T:
    result, events = await run(state, work)
    await state.broker.publish(events)
    return result

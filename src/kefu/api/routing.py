"""The request edge: one database session per request, committed (db.commit, the
one edge) before the response leaves, rolled back when the endpoint raises; the
transaction's events are published only after the commit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session, sessionmaker

from kefu.api.text_input import TextCheckedRoute
from kefu.db import commit, rollback
from kefu.kit import origin

T = TypeVar("T")


class UnitOfWorkRoute(TextCheckedRoute):
    """A request-wide unit of work around the text-checked handler of TextCheckedRoute."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def unit_of_work(request: Request) -> Response:
            factory: sessionmaker[Session] = request.app.state.sessionmaker
            async with request.app.state.db_slots:
                db = factory()
                request.state.db = db
                origin.client_address.set(request.client.host if request.client else None)
                try:
                    response = await handler(request)
                except BaseException:
                    await _on_edge(lambda: rollback(db))
                    raise
                else:
                    events = await _on_edge(lambda: commit(db))
                finally:
                    await _on_edge(db.close)
            await request.app.state.broker.publish(events)
            return response

        return unit_of_work


# Ending transactions gets threads of its own. A sync endpoint's transaction
# begins on a threadpool thread and may hold SQLite's write turn; if its commit
# queued for that same pool, behind requests waiting for the write turn, neither
# could go on. These threads never wait for the turn, so commits always can.
_EDGE = ThreadPoolExecutor(max_workers=8, thread_name_prefix="kefu-edge")


async def _on_edge(work: Callable[[], T]) -> T:
    return await asyncio.get_running_loop().run_in_executor(_EDGE, work)


def get_db(request: Request) -> Session:
    """The request's session (opened by ``UnitOfWorkRoute``)."""
    return request.state.db


def make_router(**kwargs: Any) -> APIRouter:
    return APIRouter(route_class=UnitOfWorkRoute, **kwargs)

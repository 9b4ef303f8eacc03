"""The request edge: one database session per request, committed before the
response leaves, rolled back when the endpoint raises; the transaction's events
are published only after the commit."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from kefu.kit import outbox


class UnitOfWorkRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def unit_of_work(request: Request) -> Response:
            factory: sessionmaker[Session] = request.app.state.sessionmaker
            session = factory()
            request.state.db = session
            try:
                response = await handler(request)
                await run_in_threadpool(session.commit)
                events = outbox.take(session)
            except BaseException:
                outbox.discard(session)
                await run_in_threadpool(session.rollback)
                raise
            finally:
                await run_in_threadpool(session.close)
            await request.app.state.broker.publish(events)
            return response

        return unit_of_work


def get_db(request: Request) -> Session:
    """The request's session (opened by ``UnitOfWorkRoute``)."""
    return request.state.db


def make_router(**kwargs: Any) -> APIRouter:
    return APIRouter(route_class=UnitOfWorkRoute, **kwargs)

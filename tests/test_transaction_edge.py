"""Issue 17: the commit-and-publish edge was written six times; ``db.unit_of_work``
and the background loops dropped their events and socket jobs threw theirs away.
Now one edge (kefu/db.py) commits, then publishes, everywhere."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kefu import background
from kefu.app import create_app
from kefu.chat.connection import Connection
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.kit import outbox
from kefu.kit.errors import Conflict
from kefu.models import Base, ShopSetting

CHANNEL = "edge-test"


@pytest.fixture
def file_engine(tmp_path: Path) -> Iterator[Engine]:
    """A real database file: what a second connection sees is what was committed."""
    engine = make_engine(f"sqlite:///{tmp_path / 'edge.db'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def edge_app(file_engine: Engine) -> FastAPI:
    return create_app(file_engine)


def committed_value(engine: Engine) -> Any:
    with make_sessionmaker(engine)() as db:
        return db.scalar(select(ShopSetting.value).where(ShopSetting.key == "edge"))


def change(value: int, *, fail: bool = False) -> Callable[[Session], int]:
    def work(db: Session) -> int:
        db.merge(ShopSetting(key="edge", value=value))
        db.flush()
        outbox.emit(db, CHANNEL, {"type": "edge", "value": value})
        if fail:
            raise Conflict("回滚", code="rolled_back")
        return value

    return work


def listen(app: FastAPI, engine: Engine) -> list[tuple[dict[str, Any], Any]]:
    """Subscribe to the test channel; each event arrives with what was committed then."""
    heard: list[tuple[dict[str, Any], Any]] = []
    broker = app.state.broker
    publish = broker.publish

    async def publish_and_note(events: list[outbox.Event]) -> None:
        for _channel, event in events:
            heard.append((event, committed_value(engine)))
        await publish(events)

    broker.publish = publish_and_note
    return heard


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


class TestSocketJobsThrowReturnedEventsAway:
    def test_a_socket_job_publishes_after_its_commit(
        self, edge_app: FastAPI, file_engine: Engine
    ) -> None:
        heard = listen(edge_app, file_engine)
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        edge_app.state.broker.hub.subscribe(CHANNEL, queue)
        connection = Connection(SimpleNamespace(app=edge_app))  # type: ignore[arg-type]
        assert run(connection.job(change(1))) == 1
        assert heard == [({"type": "edge", "value": 1}, 1)]  # committed before it was told
        assert queue.get_nowait() == {"type": "edge", "value": 1}

    def test_a_failed_socket_job_publishes_nothing(
        self, edge_app: FastAPI, file_engine: Engine
    ) -> None:
        heard = listen(edge_app, file_engine)
        connection = Connection(SimpleNamespace(app=edge_app))  # type: ignore[arg-type]
        with pytest.raises(Conflict):
            run(connection.job(change(2, fail=True)))
        assert heard == [] and committed_value(file_engine) is None


class TestBackgroundLoopsDropTheirEvents:
    def test_a_background_job_publishes_after_its_commit(
        self, edge_app: FastAPI, file_engine: Engine
    ) -> None:
        heard = listen(edge_app, file_engine)
        assert run(background.run_job(edge_app.state, change(3))) == 3
        assert heard == [({"type": "edge", "value": 3}, 3)]

    def test_a_failed_background_job_publishes_nothing(
        self, edge_app: FastAPI, file_engine: Engine
    ) -> None:
        heard = listen(edge_app, file_engine)
        with pytest.raises(Conflict):
            run(background.run_job(edge_app.state, change(4, fail=True)))
        assert heard == [] and committed_value(file_engine) is None


class TestUnitOfWorkDropsItsEvents:
    def test_the_cli_edge_publishes_after_commit_not_after_rollback(
        self, file_engine: Engine
    ) -> None:
        factory = make_sessionmaker(file_engine)
        heard: list[tuple[list[outbox.Event], Any]] = []

        def publish(events: list[outbox.Event]) -> None:
            heard.append((events, committed_value(file_engine)))

        with unit_of_work(factory, publish=publish) as db:
            change(5)(db)
        with pytest.raises(Conflict), unit_of_work(factory, publish=publish) as db:
            change(6, fail=True)(db)
        assert heard == [([(CHANNEL, {"type": "edge", "value": 5})], 5)]
        assert committed_value(file_engine) == 5

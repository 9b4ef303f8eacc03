"""Fixtures: a real database per backend, migrated once, rolled back per test.

Every database test runs on SQLite, and on PostgreSQL too when
``KEFU_TEST_POSTGRES_URL`` names a server (``.ci/run`` starts one on loopback).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

from kefu import migrate
from kefu.app import create_app
from kefu.config import get_settings
from kefu.db import make_engine
from tests import live
from tests.app_browser import demo_database, demo_server  # noqa: F401 (fixtures for every test)
from tests.once import built_once

# Argon2 at the shop's cost (config.py) spends about 0.1 s on every login and every agent
# made (five team test files: 42 s at that cost, 15 s at this one); the run's logins need not
# resist guessing. Servers and CLI commands the tests start inherit it. test_team_service
# checks the shop's default.
os.environ.setdefault("KEFU_PASSWORD_HASH_TIME_COST", "1")
os.environ.setdefault("KEFU_PASSWORD_HASH_MEMORY_KIB", "64")


def _database(url: str | None, suffix: str) -> str | None:
    """The database ``url`` names with ``suffix`` added, created if missing."""
    if not url or not suffix:
        return url
    server, name = url.rsplit("/", 1)
    name = f"{name}_{suffix}"
    admin = make_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{server}/{name}"


# Under pytest-xdist each worker has its own PostgreSQL databases (kefu_test_gw0, …): the
# fixtures wipe and migrate the database they are given, so two workers never share one.
# Made here, once, because the URL is a module constant that other test modules import.
POSTGRES_URL = _database(
    os.environ.get("KEFU_TEST_POSTGRES_URL"), os.environ.get("PYTEST_XDIST_WORKER", "")
)
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL, reason="KEFU_TEST_POSTGRES_URL is not set"),
        ],
    ),
]


def fresh_database_url(backend: str, tmp_dir: Path, *, scratch: bool = True) -> str:
    """An empty database of the backend: a new SQLite file, or a wiped PG schema. On
    PostgreSQL a test's own database (``scratch``) is apart from the one the ``engine``
    fixture migrated once, so wiping it never pulls the tables from under other tests."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / 'kefu-test.db'}"
    url = _database(POSTGRES_URL, "scratch") if scratch else POSTGRES_URL
    assert url
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.hookimpl(trylast=True)  # after pytest groups the tests by backend, which it keeps
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with a ``slow`` or ``browser`` test first, each file's tests kept together and in
    order. Under ``--dist loadfile`` a worker takes a whole file; left to the end, one long
    browser file kept one worker busy for minutes while the other had finished. Run first, the
    many quick files then fill the gaps, and both workers finish together. (pytest-xdist would
    otherwise order files by their number of tests, which puts the few long browser tests last.)"""
    slow = {
        item.path
        for item in items
        if item.get_closest_marker("slow") or item.get_closest_marker("browser")
    }
    items.sort(key=lambda item: item.path not in slow)


@pytest.fixture(scope="session", params=BACKENDS)
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    url = fresh_database_url(request.param, tmp_path_factory.mktemp(request.param), scratch=False)
    migrate.upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    """Sessions whose commit only releases a savepoint: the test's transaction
    is rolled back at the end, whatever the code under test committed."""
    return sessionmaker(
        bind=connection,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
        autoflush=False,
    )


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as session:
        yield session


@pytest.fixture
def app(engine: Engine, session_factory: sessionmaker[Session]) -> FastAPI:
    app = create_app(engine)
    app.state.sessionmaker = session_factory
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite file that CLI commands (which open their own engine) use."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KEFU_DATABASE_URL", url)
    get_settings.cache_clear()
    migrate.upgrade(url)
    yield url
    get_settings.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def isolated_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Uploads and bot models of the test run live in a temporary folder, so a
    developer's own ``var/`` (say, a trained bot) never changes a test's outcome."""
    folder = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KEFU_DATA_DIR", str(folder))
        get_settings.cache_clear()
        yield folder
    get_settings.cache_clear()


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def trained_bot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the bot trained as ``kefu bot train`` does: the full
    intent set, and sentiment on an even subset of the review corpora (for speed)."""
    from kefu.bot import training

    if not (CORPUS / training.SENTIMENT_FILES[0]).exists():
        pytest.skip(f"review corpora not found in {CORPUS}")
    return built_once(
        tmp_path_factory,
        "bot-data",
        lambda folder: training.train_all(folder / "bot", corpus=CORPUS, sentiment_limit=8000),
    )


@pytest.fixture
def bot(trained_bot_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The trained bot in force for one test (the chat hands new buyers to it)."""
    monkeypatch.setenv("KEFU_DATA_DIR", str(trained_bot_dir))
    get_settings.cache_clear()
    yield trained_bot_dir
    get_settings.cache_clear()


class Sink:
    """The relay: keeps every mail it is given."""

    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.mails.append(BytesParser(policy=default_policy).parsebytes(envelope.content))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.mails) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.mails


@pytest.fixture
def relay() -> Iterator[tuple[Sink, int]]:
    sink = Sink()
    port = live.free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink, port
    controller.stop()

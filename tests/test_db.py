"""The database edge: concurrent writers on SQLite wait instead of failing."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from kefu import migrate
from kefu.crm import service as crm_service
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.models import Customer


def test_concurrent_read_then_write_transactions_both_commit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'concurrent.db'}"
    migrate.upgrade(url)
    factory = make_sessionmaker(make_engine(url))
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def writer() -> None:
        try:
            barrier.wait()
            with unit_of_work(factory) as db:
                db.scalar(select(func.count()).select_from(Customer))  # read first…
                crm_service.do_add_visitor(db)  # …then write
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with factory() as db:
        assert db.scalar(select(func.count()).select_from(Customer)) == 8


def test_a_long_read_only_export_does_not_hold_up_writers(tmp_path: Path) -> None:
    from kefu.db import read_only

    url = f"sqlite:///{tmp_path / 'export.db'}"
    migrate.upgrade(url)
    factory = make_sessionmaker(make_engine(url))
    with factory() as exporting:
        read_only(exporting)
        exporting.scalar(select(func.count()).select_from(Customer))  # the stream is open
        with unit_of_work(factory) as db:  # a writer meanwhile: must not wait for the export
            crm_service.do_add_visitor(db)
    with factory() as db:
        assert db.scalar(select(func.count()).select_from(Customer)) == 1


def test_the_write_turn_is_given_back_however_a_session_ends(tmp_path: Path) -> None:
    """Each way of ending a session releases the in-process write lock; a leak would
    make the last step wait the full busy timeout and fail."""
    import gc
    import time

    from sqlalchemy import text

    from kefu import db as kefu_db

    url = f"sqlite:///{tmp_path / 'turns.db'}"
    migrate.upgrade(url)
    factory = make_sessionmaker(make_engine(url))
    started = time.monotonic()
    closed = factory()
    closed.execute(text("SELECT 1"))
    closed.close()
    rolled_back = factory()
    rolled_back.execute(text("SELECT 1"))
    rolled_back.rollback()
    dropped = factory()
    dropped.execute(text("SELECT 1"))
    del dropped
    gc.collect()
    other_thread = factory()
    worker = threading.Thread(target=lambda: other_thread.execute(text("SELECT 1")))
    worker.start()
    worker.join()
    other_thread.commit()  # begun in one thread, committed in another, as the request edge does
    with unit_of_work(factory) as db:
        crm_service.do_add_visitor(db)
    assert time.monotonic() - started < kefu_db.BUSY_TIMEOUT_S / 2


def test_file_databases_checkpoint_their_wal_every_8000_pages(tmp_path: Path) -> None:
    """Checkpoints are the commit path's only fsync; rarer ones keep chat sends moving."""
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 8000
    engine.dispose()


def test_the_next_unit_takes_the_connection_just_given_back(tmp_path: Path) -> None:
    """LIFO pool: a unit after a unit gets the warm connection (its SQLite page cache
    still valid), not the one idle longest, even when several sit in the pool."""
    url = f"sqlite:///{tmp_path / 'lifo.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    held = [engine.connect() for _ in range(3)]  # three connections in the pool …
    drivers = [connection.connection.dbapi_connection for connection in held]
    for connection in held:  # … given back in this order: the last one is the warmest
        connection.close()
    factory = make_sessionmaker(engine)
    used = []
    for _ in range(3):
        with unit_of_work(factory) as db:
            crm_service.do_add_visitor(db)
            used.append(db.connection().connection.dbapi_connection)
    assert used == [drivers[-1]] * 3
    engine.dispose()


def test_another_process_holding_the_write_lock_is_sqlalchemys_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BEGIN IMMEDIATE runs on the driver itself; when another process holds SQLite's
    lock past the busy timeout, the unit fails with SQLAlchemy's OperationalError, as
    any statement would, and gives this process's write turn back."""
    from kefu import db as kefu_db

    monkeypatch.setattr(kefu_db, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "held.db"
    migrate.upgrade(f"sqlite:///{path}")
    factory = make_sessionmaker(make_engine(f"sqlite:///{path}"))
    other_process = sqlite3.connect(path, isolation_level=None)
    other_process.execute("BEGIN IMMEDIATE")
    with pytest.raises(OperationalError, match="database is locked"), unit_of_work(factory) as db:
        crm_service.do_add_visitor(db)
    other_process.execute("ROLLBACK")
    with unit_of_work(factory) as db:  # the turn was given back: no wait, no error
        crm_service.do_add_visitor(db)
    with factory() as db:
        assert db.scalar(select(func.count()).select_from(Customer)) == 1

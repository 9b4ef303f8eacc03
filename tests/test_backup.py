"""``kefu backup`` and ``kefu restore`` (issue 17): a backup taken while buyers chat
restores to the shop as it was at one instant; a restore goes into an empty
database of a schema version this kefu knows, or is refused with a reason."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from typer.testing import CliRunner

from kefu import backup, migrate
from kefu.cli import app
from kefu.db import make_engine, make_sessionmaker, read_only, unit_of_work
from kefu.history import service as history_service
from kefu.shop import service as shop
from tests import live
from tests.chat_helpers import agent
from tests.conftest import BACKENDS, POSTGRES_URL, fresh_database_url

runner = CliRunner()


def exported(url: str) -> set[str]:
    """The history export of the database, each line as sorted-key JSON."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as db:
            read_only(db)
            lines = history_service.export_lines(db, tz="Asia/Shanghai")
            return {orjson.dumps(line, option=orjson.OPT_SORT_KEYS).decode() for line in lines}
    finally:
        engine.dispose()


def empty_database_url(backend: str, tmp: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp / 'restored.db'}"
    assert POSTGRES_URL
    name = POSTGRES_URL.rsplit("/", 1)[1] + "_restored"
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return POSTGRES_URL.rsplit("/", 1)[0] + "/" + name


class Chatter:
    """A buyer who sends a message as soon as the last one is acked, in a thread."""

    def __init__(self, server: live.Server) -> None:
        self.buyer = live.buyer(server, live.new_visitor(server))
        # (wall time of the send, of the ack, the message)
        self.acked: list[tuple[float, float, dict[str, Any]]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            sent = time.time()
            self.buyer.send(type="send", client_id=f"b-{n}", text=f"第 {n} 条")
            ack = self.buyer.expect("ack", timeout=30, client_id=f"b-{n}")
            self.acked.append((sent, time.time(), ack["message"]))

    def finish(self) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        self.buyer.close()


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_backup_taken_during_chat_restores_to_the_export_of_its_moment(
    backend: str, tmp_path: Path
) -> None:
    source_url = fresh_database_url(backend, tmp_path)
    migrate.upgrade(source_url)
    engine = make_engine(source_url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        agent(db, "mei")
        shop.do_set(db, key="working_hours", value="00:00-24:00")
    engine.dispose()
    file = tmp_path / "kefu.backup"
    with live.live_server(source_url, tmp_path) as server:
        chatter = Chatter(server)
        time.sleep(1.5)
        started = time.time()
        backup.backup(source_url, file)
        finished = time.time()
        time.sleep(1)
        chatter.finish()
    restored_url = empty_database_url(backend, tmp_path)
    backup.restore(restored_url, file)

    source, restored = exported(source_url), exported(restored_url)
    assert restored <= source  # nothing the source does not have, nothing changed
    restored_ids = {orjson.loads(line).get("id") for line in restored}
    before = [message for _, acked, message in chatter.acked if acked < started]
    after = [message for sent, _, message in chatter.acked if sent > finished]
    assert before and after  # the chat went on before, during and after the backup
    assert all(message["id"] in restored_ids for message in before)
    assert not any(message["id"] in restored_ids for message in after)
    # What the source has beyond the backup was written while it was being taken, or later.
    for line in map(orjson.loads, source - restored):
        assert line["type"] == "message", line
        assert dt.datetime.fromisoformat(line["at"]).timestamp() > started - 1, line


class TestRestore:
    def test_restore_refuses_a_database_that_is_not_empty(
        self, cli_database: str, tmp_path: Path
    ) -> None:
        file = tmp_path / "kefu.backup"
        assert runner.invoke(app, ["backup", "--out", str(file)]).exit_code == 0
        result = runner.invoke(app, ["restore", str(file)])
        assert result.exit_code == 1
        assert "not empty" in result.output and "nothing was restored" in result.output

    def test_restore_refuses_a_schema_version_it_does_not_know(
        self, cli_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        file = tmp_path / "kefu.backup"
        backup.backup(cli_database, file)
        with sqlite3.connect(file) as db:
            db.execute("UPDATE alembic_version SET version_num = '0099_future'")
        target = tmp_path / "empty.db"
        monkeypatch.setenv("KEFU_DATABASE_URL", f"sqlite:///{target}")
        from kefu.config import get_settings

        get_settings.cache_clear()
        result = runner.invoke(app, ["restore", str(file)])
        assert result.exit_code == 1
        assert "0099_future" in result.output and "unknown" in result.output
        assert not target.exists() or target.stat().st_size == 0

    def test_restore_of_an_older_schema_migrates_it(self, tmp_path: Path) -> None:
        old, new = f"sqlite:///{tmp_path / 'old.db'}", f"sqlite:///{tmp_path / 'new.db'}"
        scripts = ScriptDirectory.from_config(migrate.alembic_config(old))
        head = scripts.get_current_head()
        previous = scripts.get_revision(head).down_revision
        migrate.upgrade(old)
        migrate.downgrade(previous, old)
        file = tmp_path / "old.backup"
        assert backup.backup(old, file) == previous
        assert backup.restore(new, file) == (previous, head)
        assert backup.schema_version(new) == head

    def test_a_file_that_is_no_backup_is_refused(self, tmp_path: Path) -> None:
        file = tmp_path / "notes.txt"
        file.write_text("hello")
        with pytest.raises(backup.BackupError, match="not a kefu backup"):
            backup.restore(f"sqlite:///{tmp_path / 'new.db'}", file)

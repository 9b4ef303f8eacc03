"""The ``kefu`` command, run for real against a migrated SQLite file."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kefu.cli import app
from kefu.config import get_settings
from kefu.db import make_engine
from kefu.kit import clock
from kefu.models import Agent, Message
from kefu.team import service as team_service
from tests.test_demo import latest_times
from tests.test_history_service import EVERY_TYPE

runner = CliRunner()


def count(url: str, model: type) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        value = connection.scalar(select(func.count()).select_from(model))
    engine.dispose()
    return value


class TestImportCommand:
    def test_imports_and_reimports_nothing(self, cli_database: str) -> None:
        first = runner.invoke(app, ["import", str(EVERY_TYPE)])
        assert first.exit_code == 0, first.output
        assert "20 lines read" in first.output and "message 4" in first.output
        again = runner.invoke(app, ["import", str(EVERY_TYPE)])
        assert "none (already imported)" in again.output
        assert count(cli_database, Message) == 4

    def test_bad_line_exits_1_with_its_number_and_stores_nothing(
        self, cli_database: str, tmp_path: Path
    ) -> None:
        lines = EVERY_TYPE.read_bytes().splitlines()
        lines[11] = (
            b'{"type":"message","id":"m5","session":"s1","at":"2026-11-11T09:01:00+08:00","from":"agent","text":"hi","agent":"ghost"}'
        )
        bad = tmp_path / "bad.jsonl"
        bad.write_bytes(b"\n".join(lines))
        result = runner.invoke(app, ["import", str(bad)])
        assert result.exit_code == 1
        assert "line 12" in result.output and "'ghost'" in result.output
        assert "nothing was imported" in result.output
        assert count(cli_database, Message) == 0

    def test_missing_file_is_a_usage_error(self, cli_database: str) -> None:
        result = runner.invoke(app, ["import", "/no/such/file.jsonl"])
        assert result.exit_code == 2


class TestExportCommand:
    def test_exports_a_period(self, cli_database: str, tmp_path: Path) -> None:
        runner.invoke(app, ["import", str(EVERY_TYPE)])
        out = tmp_path / "out.jsonl"
        result = runner.invoke(
            app, ["export", "--out", str(out), "--from", "2026-11-11", "--to", "2026-11-12"]
        )
        assert result.exit_code == 0, result.output
        lines = [orjson.loads(raw) for raw in out.read_bytes().splitlines()]
        assert [line["id"] for line in lines if line["type"] == "session"] == ["s1"]
        assert sum(line["type"] == "message" for line in lines) == 4

    def test_bad_date_is_refused(self, cli_database: str, tmp_path: Path) -> None:
        result = runner.invoke(app, ["export", "--out", str(tmp_path / "x"), "--from", "11/11"])
        assert result.exit_code == 1
        assert "not a date" in result.output


class TestAgentAddCommand:
    def test_adds_an_agent_with_a_role_group_and_capacity(self, cli_database: str) -> None:
        args = [
            "agent",
            "add",
            "xiaomei",
            "--role",
            "presale",
            "--name",
            "小美",
            "--password",
            "s3cret-pass",
            "--group",
            "售前组",
            "--max-chats",
            "12",
        ]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        engine = make_engine(cli_database)
        with engine.connect() as connection:
            query = select(Agent.role, Agent.name, Agent.group_id, Agent.max_concurrent)
            row = connection.execute(query.where(Agent.id == "xiaomei")).one()
        engine.dispose()
        assert tuple(row) == ("presale", "小美", "售前组", 12)

    def test_unknown_role_is_a_usage_error(self, cli_database: str) -> None:
        result = runner.invoke(
            app, ["agent", "add", "x", "--role", "boss", "--password", "s3cret-pass"]
        )
        assert result.exit_code == 2

    def test_without_a_password_one_is_generated_and_printed_once(
        self, cli_database: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("KEFU_AGENT_PASSWORD", raising=False)
        result = runner.invoke(app, ["agent", "add", "xiaoli", "--role", "qc"])
        assert result.exit_code == 0, result.output
        match = re.search(r"generated password: (\S+)", result.output)
        assert match and len(match.group(1)) >= 12
        engine = make_engine(cli_database)
        with Session(engine) as db:
            assert team_service.do_login(db, login="xiaoli", password=match.group(1), hours=1)
        engine.dispose()

    def test_a_bad_login_is_refused(self, cli_database: str) -> None:
        args = ["agent", "add", "bad login", "--role", "qc", "--password", "s3cret-pass"]
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and "pattern" in result.output
        assert count(cli_database, Agent) == 0

    def test_duplicate_is_refused(self, cli_database: str) -> None:
        args = ["agent", "add", "xiaomei", "--role", "presale", "--password", "s3cret-pass"]
        runner.invoke(app, args)
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and "已存在" in result.output


def test_demo_without_serving_seeds_once(cli_database: str) -> None:
    first = runner.invoke(app, ["demo", "--no-serve", "--no-bot"])
    assert first.exit_code == 0, first.output
    assert "wangjie" in first.output and "主管" in first.output
    messages = count(cli_database, Message)
    assert messages > 1000
    engine = make_engine(cli_database)
    with Session(engine) as db:
        latest = latest_times(db)
    engine.dispose()
    assert {column: at for column, at in latest.items() if at > clock.now()} == {}
    second = runner.invoke(app, ["demo", "--no-serve", "--no-bot"])
    assert second.exit_code == 0
    assert count(cli_database, Message) == messages


class TestServeCommand:
    """``kefu serve --workers N``: several processes only where they can share the work
    (tests/test_chat_processes.py runs them)."""

    def test_more_than_one_worker_on_sqlite_is_refused(self, cli_database: str) -> None:
        result = runner.invoke(app, ["serve", "--workers", "2"])
        assert result.exit_code == 1
        assert "--workers above 1 needs PostgreSQL" in result.output

    def test_more_than_one_worker_without_redis_is_refused(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("KEFU_DATABASE_URL", "postgresql://kefu@127.0.0.1:1/kefu")
        monkeypatch.delenv("KEFU_REDIS_URL", raising=False)
        get_settings.cache_clear()
        try:
            result = runner.invoke(app, ["serve", "--workers", "3"])
        finally:
            get_settings.cache_clear()
        assert result.exit_code == 1
        assert "needs Redis" in result.output and "KEFU_REDIS_URL" in result.output

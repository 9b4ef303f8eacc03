"""Agent accounts and logins (kefu.team.service)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from kefu.config import Settings
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, NotAuthenticated
from kefu.models.team import Role
from kefu.team import service


@pytest.fixture
def frozen() -> Iterator[clock.FrozenClock]:
    frozen = clock.FrozenClock(dt.datetime(2026, 11, 11, 9, tzinfo=dt.UTC))
    previous = clock.use_clock(frozen)
    yield frozen
    clock.use_clock(previous)


class TestDoAddAgent:
    def test_stores_a_hash_not_the_password(self, session: Session) -> None:
        agent = service.do_add_agent(
            session, login="xiaomei", role=Role.presale, password="s3cret-pass", name="小美"
        )
        assert agent.role == "presale" and agent.name == "小美" and agent.max_concurrent == 8
        assert agent.password_hash and agent.password_hash.startswith("$argon2id$")
        assert "s3cret-pass" not in agent.password_hash
        # At the run's cost (tests/conftest.py); a shop's is argon2-cffi's default.
        assert "$m=64,t=1," in agent.password_hash
        defaults = {name: field.default for name, field in Settings.model_fields.items()}
        assert (defaults["password_hash_time_cost"], defaults["password_hash_memory_kib"]) == (
            3,
            65_536,
        )

    def test_duplicate_login_is_a_conflict(self, session: Session) -> None:
        service.do_add_agent(session, login="xiaomei", role=Role.presale, password="s3cret-pass")
        with pytest.raises(Conflict):
            service.do_add_agent(session, login="xiaomei", role=Role.qc, password="s3cret-pass")

    def test_short_password_is_refused(self, session: Session) -> None:
        with pytest.raises(BadInput, match="8"):
            service.do_add_agent(session, login="xiaomei", role=Role.presale, password="1234")

    def test_group_is_created_on_first_use(self, session: Session) -> None:
        agent = service.do_add_agent(
            session, login="a", role=Role.aftersale, password="s3cret-pass", group_id="售后组"
        )
        assert agent.group_id == "售后组"


class TestDoLogin:
    def test_login_expires_after_the_configured_hours(
        self, session: Session, frozen: clock.FrozenClock
    ) -> None:
        service.do_add_agent(session, login="xiaomei", role=Role.presale, password="s3cret-pass")
        result = service.do_login(session, login="xiaomei", password="s3cret-pass", hours=12)
        assert service.check_login_token(session, token=result.token).agent_id == "xiaomei"
        frozen.advance(dt.timedelta(hours=12, seconds=1))
        with pytest.raises(NotAuthenticated):
            service.check_login_token(session, token=result.token)

    def test_disabled_agent_cannot_log_in(self, session: Session) -> None:
        agent = service.do_add_agent(
            session, login="xiaomei", role=Role.presale, password="s3cret-pass"
        )
        agent.active = False
        with pytest.raises(NotAuthenticated):
            service.do_login(session, login="xiaomei", password="s3cret-pass", hours=12)

    def test_imported_agent_without_password_cannot_log_in(self, session: Session) -> None:
        agent = service.do_add_agent(
            session, login="xiaomei", role=Role.presale, password="s3cret-pass"
        )
        agent.password_hash = None
        with pytest.raises(NotAuthenticated):
            service.do_login(session, login="xiaomei", password="", hours=12)

"""A 质检 reviewer works the queue in headless Chromium; the agent then sees the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.models.team import Role
from tests import live
from tests.browser import chromium
from tests.chat_helpers import agent
from tests.test_qc_review import RUDE, closed_session

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def log_in(page, server: live.Server, login: str, target: str) -> None:
    page.goto(f"{server.url}/login?next={target}")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "s3cret-pass")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{target}")


def test_reviewer_scores_a_flagged_session_and_the_agent_sees_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'qc.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        mei = agent(db, "mei")
        agent(db, "liu", group=None, role=Role.qc)
        closed_session(db, mei, RUDE)
    engine.dispose()
    errors: list[str] = []
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        reviewer = browser.new_context().new_page()
        reviewer.on("pageerror", lambda exc: errors.append(str(exc)))
        log_in(reviewer, server, "liu", "/qc")
        reviewer.get_by_role("button", name="复核").click()
        expect(reviewer.locator("#sheet-findings li")).to_have_count(5)
        reviewer.locator("#sheet-findings li").nth(4).get_by_label("驳回").check()
        reviewer.fill("input[name=quantified]", "90")
        reviewer.fill("input[name=quality]", "80")
        reviewer.fill("input[name=skills]", "70")
        reviewer.fill("textarea[name=comment]", "注意称呼，不要私加微信")
        reviewer.click("#review-form button[type=submit]")
        expect(reviewer.locator("#review-result")).to_have_text("已提交，综合得分 83.0")
        expect(reviewer.locator("#queue tr")).to_have_count(0)

        own = browser.new_context().new_page()
        own.on("pageerror", lambda exc: errors.append(str(exc)))
        log_in(own, server, "mei", "/qc/mine")
        expect(own.locator("#results .card")).to_have_count(1)
        expect(own.locator("#results")).to_contain_text("注意称呼，不要私加微信")
        expect(own.locator("#results li")).to_have_count(4)  # the dismissed finding is gone
    assert errors == []

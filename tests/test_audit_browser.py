"""The supervisor's 操作日志 page and 解除锁定 on 客服账号 (issue 17): a locked login
shows on the agents page, the supervisor lifts it, and the audit log lists both in
Chinese, filters by action and offers the filtered export."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.kit import clock
from kefu.team import throttle
from tests import live
from tests.app_browser import require_built_app, strict_page
from tests.browser import chromium
from tests.test_team_pages_browser import choose, row

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def locked_shop(demo_database: Path, tmp_path: Path) -> Iterator[live.Server]:
    """The demo shop with 阿慧's login locked by ten wrong passwords."""
    require_built_app()
    copy = tmp_path / "shop.db"
    shutil.copy(demo_database, copy)
    engine = make_engine(f"sqlite:///{copy}")
    with unit_of_work(make_sessionmaker(engine)) as db:
        for _ in range(throttle.ACCOUNT.lock_at):
            throttle.do_fail(db, login="ahui", address="203.0.113.9", now=clock.now())
    engine.dispose()
    with live.live_server(f"sqlite:///{copy}", tmp_path, KEFU_SCHEDULER="false") as server:
        yield server


def test_supervisor_lifts_a_lock_and_reads_the_audit_log(locked_shop: live.Server) -> None:
    refused = httpx.post(
        f"{locked_shop.url}/api/v1/auth/login", json={"login": "ahui", "password": "x" * 8}
    )
    assert refused.status_code == 429 and refused.json()["code"] == "login_locked"
    with chromium() as browser:
        strict = strict_page(browser, locked_shop)
        page = strict.page
        strict.log_in("wangjie", next_path="/agents")
        strict.settle()
        ahui = row(page, "ahui")
        expect(ahui).to_contain_text("登录已锁定")
        ahui.locator("[data-test=unlock]").click()
        expect(page.locator(".el-message", has_text="已解除")).to_be_visible()
        expect(row(page, "ahui")).not_to_contain_text("登录已锁定")
        expect(row(page, "ahui").locator("[data-test=unlock]")).to_have_count(0)

        page.locator("aside").get_by_text("操作日志").click()
        strict.settle()
        table = page.locator(".el-table__body-wrapper")
        for text in ("解除锁定", "登录锁定", "登录受限", "王姐", "系统"):
            expect(table).to_contain_text(text)
        strict.check_readable("audit log")

        choose(page, "[data-test=filter-action]", "登录锁定")
        strict.settle()
        expect(table.locator("tr")).to_have_count(1)
        expect(table).to_contain_text("account:ahui")
        href = page.locator("[data-test=export-csv]").get_attribute("href") or ""
        assert "action=login_locked" in href
        exported = page.request.get(locked_shop.url + href)
        assert exported.status == 200
        lines = exported.text().lstrip("\ufeff").splitlines()
        assert len(lines) == 2 and "登录锁定" in lines[1]
        strict.check()

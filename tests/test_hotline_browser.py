"""The incoming-call screen's main path on the demo shop (issue 15): the PBX posts 'ringing'
naming 小赵, her screen shows the buyer, she fills the call form, and the call is in the log."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests import live
from tests.app_browser import require_built_app, strict_page
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TOKEN = "pbx-token-for-the-browser-test"


def demo_caller(database: Path) -> str:
    """The number of the demo buyer whose complaint is open (she called the hotline before),
    as a PBX sends it: +86 and dashes."""
    with sqlite3.connect(database) as db:
        (number,) = db.execute(
            "select phone from hotline_calls where pbx_call_id = 'demo-call-1'"
        ).fetchone()
    return f"+86 {number[:3]}-{number[3:7]}-{number[7:]}"


@pytest.fixture
def hotline_server(demo_database: Path, tmp_path: Path) -> Iterator[live.Server]:
    require_built_app()
    copy = tmp_path / "shop.db"
    shutil.copy(demo_database, copy)
    env = {"KEFU_SCHEDULER": "false", "KEFU_PBX_TOKEN": TOKEN}
    with live.live_server(f"sqlite:///{copy}", tmp_path, **env) as server:
        yield server


def test_a_ringing_call_pops_the_buyer_and_the_call_is_logged(
    hotline_server: live.Server, demo_database: Path
) -> None:
    with chromium() as browser:
        strict = strict_page(browser, hotline_server)
        strict.log_in("xiaozhao", next_path="/hotline")
        page = strict.page
        expect(page.locator("[data-test=status]")).to_contain_text("在线")
        caller_number = demo_caller(demo_database)
        ringing = {
            "call_id": "pbx-browser-1",
            "event": "ringing",
            "phone": caller_number,
            "agent": "xiaozhao",
        }
        posted = httpx.post(
            f"{hotline_server.url}/api/v1/hotline/pbx/events",
            json=ringing,
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert posted.status_code == 200, posted.text
        caller = page.locator("[data-test=caller]")
        expect(caller).to_be_visible()
        name = page.locator("[data-test=caller-name]").inner_text()
        assert name
        expect(page.locator("[data-test=call-state]")).to_contain_text("振铃中")
        expect(page.locator("[data-test=open-cases]")).to_contain_text("投诉")
        expect(page.locator("[data-test=orders] .el-table__body tr").first).to_be_visible()
        strict.check_readable("incoming call")

        page.locator("[data-test=reason]").click()
        page.locator(".el-select-dropdown__item", has_text="查询物流").click()
        page.fill("textarea[name=result]", "已查到包裹在派送中，明天送达")
        page.click("[data-test=save-call]")
        page.click("[data-test=to-calls]")
        expect(page).to_have_url(f"{hotline_server.url}/hotline/calls")
        first = page.locator(".el-table__body tr").first
        expect(first).to_contain_text("已查到包裹在派送中")
        expect(first).to_contain_text(name)
        expect(first).to_contain_text("小赵")
        strict.check_readable("call log")
        strict.check()

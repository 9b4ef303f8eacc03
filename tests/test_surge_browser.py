"""The supervisor's 大促模式 page (issue 18): the switch, what it changes, the queues with
their estimated wait, the parameters; the dashboard then refreshes every few seconds."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import live
from tests.app_browser import DEMO_PASSWORD, strict_page
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_supervisor_switches_surge_mode_on_and_the_dashboard_follows(
    demo_server: live.Server,
) -> None:
    http = live.login(demo_server, "wangjie", DEMO_PASSWORD)
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        strict.log_in("wangjie", next_path="/surge")
        page = strict.page
        switch = page.locator("[data-test=surge-switch]")
        expect(switch).to_contain_text("已关闭", timeout=30_000)
        expect(page.locator("[data-test=surge-refresh]")).to_have_text("每 60 秒刷新")
        groups = page.locator("[data-test=surge-groups]")
        expect(groups).to_contain_text("售前组")
        expect(groups).to_contain_text("售后组")
        overflow = page.locator("[data-key=surge_overflow_group] [data-test=current]")
        expect(overflow).to_have_text("当前：不设置")
        strict.settle()
        strict.check_readable("主管 /surge")

        switch.click()
        expect(switch).to_contain_text("已开启")
        expect(page.locator("[data-test=surge-refresh]")).to_have_text("每 5 秒刷新")
        assert http.get("/api/v1/surge").json()["on"] is True

        limit = page.locator("[data-key=surge_max_concurrent]")
        box = limit.locator(".el-input-number input")
        box.fill("20")
        box.press("Tab")
        limit.locator("[data-test=save]").click()
        expect(limit.locator("[data-test=current]")).to_have_text("当前：20")
        assert http.get("/api/v1/surge").json()["max_concurrent"] == 20

        strict.open("/dashboard")
        expect(page.locator("[data-test=surge-on]")).to_have_text("大促模式")
        expect(page.locator("[data-test=refresh-every]")).to_have_text("每 5 秒自动刷新")
        with page.expect_response(lambda r: "/api/v1/kpi/dashboard" in r.url, timeout=9_000):
            pass  # the numbers come again within the surge interval, unasked
        strict.check_readable("主管 /dashboard")
        strict.check()

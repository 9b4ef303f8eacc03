"""The supervisor's 店铺设置 page (issue 13): a form made from GET /api/v1/shop/settings, in
sections, one input per kind, saved field by field; a refused value keeps what was typed and shows
the server's Chinese reason next to it; QC rules by their names, never ids or JSON."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, expect

from tests import live
from tests.app_browser import DEMO_PASSWORD, StrictPage, strict_page
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SECTIONS = [
    "接待与工作时间",
    "自动回复",
    "分流",
    "机器人",
    "质检",
    "订单与售后",
    "客户、关怀与反馈",
]


def stored(http: httpx.Client, key: str) -> Any:
    return http.get(f"/api/v1/shop/settings/{key}").json()["value"]


class Settings:
    def __init__(self, strict: StrictPage) -> None:
        self.page = strict.page

    def field(self, key: str) -> Locator:
        return self.page.locator(f"[data-key={key}]")

    def current(self, key: str) -> Locator:
        return self.field(key).locator("[data-test=current]")

    def save(self, key: str) -> None:
        self.field(key).locator("[data-test=save]").click()

    def type_number(self, key: str, value: str) -> None:
        box = self.field(key).locator(".el-input-number input")
        box.fill(value)
        box.press("Tab")


def open_settings(strict: StrictPage) -> Settings:
    strict.log_in("wangjie", next_path="/settings")
    settings = Settings(strict)
    expect(settings.field("working_hours")).to_be_visible(timeout=30_000)
    strict.settle()
    return settings


def test_settings_page_shows_every_section_in_chinese_and_saves_field_by_field(
    demo_server: live.Server,
) -> None:
    http = live.login(demo_server, "wangjie", DEMO_PASSWORD)
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        settings = open_settings(strict)
        page = strict.page
        for title in SECTIONS:
            expect(page.locator(".el-card__header", has_text=title)).to_be_visible()
        expect(settings.current("working_hours")).to_have_text("当前：24 小时营业")
        expect(settings.field("presale_group")).to_contain_text("售前组")
        qc = settings.field("qc_rules")
        expect(qc).to_contain_text("称呼买家用“您”")
        expect(qc).to_contain_text("中 · 扣 5 分")
        assert "{" not in qc.inner_text() and "T01" not in qc.inner_text()
        strict.check_readable("主管 /settings")

        # A whole number within its bounds.
        settings.type_number("offline_reply_within_minutes", "90")
        expect(settings.field("offline_reply_within_minutes")).to_contain_text("未保存")
        settings.save("offline_reply_within_minutes")
        expect(settings.current("offline_reply_within_minutes")).to_have_text("当前：90")
        assert stored(http, "offline_reply_within_minutes") == 90

        # A share typed as a percentage, stored as 0–1.
        settings.type_number("qc_sample_rate", "12.5")
        settings.save("qc_sample_rate")
        expect(settings.current("qc_sample_rate")).to_have_text("当前：12.5%")
        assert stored(http, "qc_sample_rate") == 0.125

        # A switch.
        settings.field("bot_enabled").locator(".el-switch").click()
        settings.save("bot_enabled")
        expect(settings.current("bot_enabled")).to_have_text("当前：关闭")
        assert stored(http, "bot_enabled") is False

        # A QC rule switched off in the rules table: the rules in force follow.
        qc.locator("tr", has_text="“亲”不过度使用").locator(".el-switch").click()
        settings.save("qc_rules")
        expect(settings.current("qc_rules")).to_have_text("当前：已调整 1 条规则，其余按默认")
        rules = {rule["id"]: rule for rule in http.get("/api/v1/qc/rules").json()}
        assert rules["T02_qin_overuse"]["enabled"] is False
        assert rules["T01_ni_not_nin"]["enabled"] is True
        strict.check()


def test_a_refused_value_keeps_what_was_typed_and_says_why_next_to_the_field(
    demo_server: live.Server,
) -> None:
    http = live.login(demo_server, "wangjie", DEMO_PASSWORD)
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        strict.allowed_statuses.add(422)
        settings = open_settings(strict)

        # Hours that start and end at the same time.
        hours = settings.field("working_hours")
        hours.locator("[data-test=whole-day]").click()
        for which, value in (("开始", "09:00"), ("结束", "09:00")):
            box = hours.locator(f"input[placeholder={which}]")
            box.click()
            box.fill(value)
            box.press("Enter")
        settings.save("working_hours")
        expect(hours.locator("[data-test=error]")).to_have_text(
            "开始和结束不能相同；全天营业请填 00:00-24:00"
        )
        expect(hours.locator("input[placeholder=开始]")).to_have_value("09:00")
        expect(hours.locator("input[placeholder=结束]")).to_have_value("09:00")
        expect(hours).to_contain_text("未保存")
        expect(settings.current("working_hours")).to_have_text("当前：24 小时营业")
        hours.locator("[data-test=undo]").click()
        expect(hours.locator("[data-test=whole-day]")).to_have_class(re.compile("is-checked"))
        assert stored(http, "working_hours") == "00:00-24:00"

        # A greeting with a variable the shop does not have.
        greeting = settings.field("greeting")
        greeting.locator("textarea").fill("欢迎{买家名}光临")
        settings.save("greeting")
        expect(greeting.locator("[data-test=error]")).to_contain_text("不认识的变量 {买家名}")
        expect(greeting.locator("textarea")).to_have_value("欢迎{买家名}光临")

        # A holiday row without its date: the page says so before asking the server.
        holidays = settings.field("holidays")
        holidays.locator("[data-test=add-holiday]").click()
        settings.save("holidays")
        expect(holidays.locator("[data-test=error]")).to_have_text("第 1 行：请选择日期")
        day = holidays.locator("input[placeholder=选择日期]")
        day.click()
        day.fill("2026-10-01")
        day.press("Enter")
        holidays.locator(".el-radio-button", has_text="特别时段").click()
        holidays.locator("input[placeholder='如 国庆节']").fill("国庆节")
        settings.save("holidays")
        expect(settings.current("holidays")).to_have_text("当前：10-01 10:00–18:00")
        expect(holidays.locator("[data-test=error]")).to_have_count(0)
        assert stored(http, "holidays") == [
            {"date": "2026-10-01", "hours": "10:00-18:00", "note": "国庆节"}
        ]
        strict.check_readable("主管 /settings after refusals")
        strict.problems[:] = [p for p in strict.problems if "status of 422" not in p]
        strict.check()

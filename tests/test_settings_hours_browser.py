"""Issue 13, acceptance (journeys): a supervisor changes working hours to 09:00–01:00 on the
settings page and a buyer at 00:30 reaches a person; back at 09:00–23:00, the same buyer at 00:30
leaves a 留言.

The server runs on a copy of the demo shop with its clock started at the next 00:30 in Shanghai
(KEFU_CLOCK_START), so the test means the same thing at any hour of the real day. The demo shop
is open 24 h: the supervisor turns that off on the page.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Locator, expect

from tests import live
from tests.app_browser import DEMO_PASSWORD, StrictPage, require_built_app, strict_page
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def next_half_past_midnight() -> dt.datetime:
    """The next 00:30 in Shanghai: never before the demo's data, which is seeded at now."""
    now = dt.datetime.now(SHANGHAI)
    at = now.replace(hour=0, minute=30, second=0, microsecond=0)
    return at if at > now else at + dt.timedelta(days=1)


@pytest.fixture
def night_server(demo_database: Path, tmp_path: Path) -> Iterator[live.Server]:
    require_built_app()
    copy = tmp_path / "shop.db"
    shutil.copy(demo_database, copy)
    with live.live_server(
        f"sqlite:///{copy}",
        tmp_path,
        KEFU_SCHEDULER="false",
        KEFU_CLOCK_START=next_half_past_midnight().isoformat(),
    ) as server:
        yield server


def pick_time(field: Locator, which: str, value: str) -> None:
    """Type a time into the 开始/结束 picker of an hours field and confirm it."""
    box = field.locator(f"input[placeholder={which}]")
    box.click()
    box.fill(value)
    box.press("Enter")
    expect(box).to_have_value(value)


def set_working_hours(strict: StrictPage, start: str, end: str, shown: str) -> None:
    field = strict.page.locator("[data-key=working_hours]")
    whole_day = field.locator("[data-test=whole-day]")
    if "is-checked" in (whole_day.get_attribute("class") or ""):
        whole_day.click()
    pick_time(field, "开始", start)
    pick_time(field, "结束", end)
    expect(field.locator("[data-test=span-note]")).to_contain_text(shown)
    field.locator("[data-test=save]").click()
    expect(field.locator("[data-test=current]")).to_have_text(f"当前：每天 {shown}")
    expect(field.locator("[data-test=save]")).to_be_disabled()


def buyer_writes(server: live.Server, token: str, text: str) -> tuple[dict[str, Any], list[str]]:
    """The buyer sends one message; her session as the server has it, and what the shop said."""
    buyer = live.buyer(server, token)
    try:
        buyer.send(type="send", client_id=f"night-{uuid.uuid4().hex}", text=text)
        try:
            buyer.expect("ack", timeout=20)
        except TimeoutError:
            raise AssertionError(buyer.seen) from None
        said = [
            frame["message"]["text"]
            for frame in buyer.drain(wait=1)
            if frame["type"] == "message" and frame["message"]["from"] == "bot"
        ]
    finally:
        buyer.close()
    mine = httpx.get(
        f"{server.url}/api/v1/chat/my-session", headers={"Authorization": f"Bearer {token}"}
    )
    return mine.json(), said


def test_hours_past_midnight_on_the_settings_page_let_a_buyer_at_half_past_midnight_reach_a_person(
    night_server: live.Server,
) -> None:
    mei_http = live.login(night_server, "xiaomei", DEMO_PASSWORD)
    mei = live.agent(night_server, mei_http.cookies["kefu_session"])
    assert mei_http.put("/api/v1/chat/status", json={"status": "online"}).status_code == 204

    with chromium() as browser:
        strict = strict_page(browser, night_server)
        strict.log_in("wangjie", next_path="/settings")
        hours = strict.page.locator("[data-key=working_hours]")
        expect(hours).to_be_visible(timeout=30_000)  # a busy test machine is slow
        strict.settle()
        expect(hours.locator("[data-test=current]")).to_have_text("当前：24 小时营业")
        strict.check_readable("主管 /settings")

        set_working_hours(strict, "09:00", "01:00", "09:00–次日01:00")

        token = live.new_visitor(night_server)
        session, said = buyer_writes(night_server, token, "在吗？这件卫衣有L码吗")
        assert session["status"] == "assigned", (session, said)
        assert session["agent_id"] == "xiaomei"
        assert not [text for text in said if "留言" in text], said
        offered = mei.expect("session", timeout=20)
        assert offered["session"]["id"] == session["id"]

        closed = mei_http.post(f"/api/v1/chat/sessions/{session['id']}/close")
        assert closed.status_code == 204, closed.text

        # The negative: the shop closes at 23:00 again, and the same buyer at 00:30 leaves a 留言.
        set_working_hours(strict, "09:00", "23:00", "09:00–23:00")
        again, said = buyer_writes(night_server, token, "还在吗？想再问下发货时间")
        assert again["id"] != session["id"]
        assert again["status"] == "offline", (again, said)
        assert again["agent_id"] is None
        assert any(re.search(r"留言.*会在.*前回复", text) for text in said), said
        strict.check()
    mei.close()

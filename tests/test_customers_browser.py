"""From a chat, the agent opens the customer's archive, tags them and writes a
note, and finds both in the timeline after a reload (headless Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import live
from tests.browser import agent_opens_first_chat, buyer_says, chromium
from tests.test_chat_browser import shop_with_one_agent

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_agent_tags_and_notes_a_customer_from_a_chat(tmp_path: Path) -> None:
    url = shop_with_one_agent(tmp_path)
    errors: list[str] = []
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        buyer_says(browser, server.url, "在吗，想问下卫衣")
        context, page = agent_opens_first_chat(browser, server.url, "mei", errors)
        page.locator("#messages li.from-buyer").first.click()  # assist, and tagging as feedback
        expect(page.locator("#suggestions")).to_be_visible()
        page.select_option("#feedback-form select[name=category]", "product")
        page.click("#feedback-form button")
        expect(page.locator("#feedback-result")).to_have_text("已记录为反馈")
        with context.expect_page() as opened:
            page.click("#profile-link")
        profile = opened.value
        profile.on("pageerror", lambda exc: errors.append(str(exc)))
        expect(profile.locator("#title")).to_have_text("访客")
        profile.fill("#tag-form input[name=tag]", "想买卫衣")
        profile.click("#tag-form button")
        expect(profile.locator("#tags li.tag span")).to_have_text(["想买卫衣"])
        profile.fill("#note-form textarea", "偏好宽松款，L码")
        profile.click("#note-form button")
        expect(profile.locator("#timeline li.timeline-note")).to_have_count(1)

        profile.reload()
        expect(profile.locator("#timeline li.timeline-note")).to_contain_text("偏好宽松款，L码")
        expect(profile.locator("#timeline li.timeline-tag")).to_contain_text("添加标签：想买卫衣")
        expect(profile.locator("#timeline li.timeline-chat")).to_have_count(1)
        expect(profile.locator("#timeline li.timeline-feedback")).to_contain_text(
            "在吗，想问下卫衣"
        )
        expect(profile.locator("#tags li.tag span")).to_have_text(["想买卫衣"])
    assert errors == []

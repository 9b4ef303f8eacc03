"""From a chat, the agent keeps the buyer's words as feedback, tags the customer and writes a
note in the workbench's customer panel, and finds all of it in the panel's timeline after a
reload; the archive (客户档案) opens in a new tab (headless Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import live
from tests.browser import buyer_says, chromium
from tests.test_chat_browser import shop_with_one_agent
from tests.workbench_pages import PANEL, open_first_conversation, open_workbench

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_agent_tags_and_notes_a_customer_from_a_chat(tmp_path: Path) -> None:
    url = shop_with_one_agent(tmp_path)
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        buyer_says(browser, server.url, "在吗，想问下卫衣")
        mei = open_workbench(browser, server, "mei")
        page = mei.page
        open_first_conversation(mei)
        page.locator("[data-test=message][data-from=buyer] .bubble").first.click()
        expect(page.locator("[data-test=suggestions]")).to_be_visible()
        page.click("[data-test=feedback-category]")
        page.locator(".el-select-dropdown__item", has_text="产品").click()
        page.click("[data-test=feedback-submit]")
        expect(page.locator("[data-test=feedback-result]")).to_have_text("已记录为反馈")

        panel = page.locator(PANEL)
        expect(panel.locator("[data-test=customer-name]")).to_have_text("访客")
        page.fill("[data-test=tag-input]", "想买卫衣")
        page.press("[data-test=tag-input]", "Enter")
        expect(panel.locator("[data-test=tag]")).to_have_text(["想买卫衣"])
        page.fill("[data-test=note-input]", "偏好宽松款，L码")
        page.click("[data-test=note-submit]")
        expect(panel.locator("[data-test=note]")).to_have_count(1)
        expect(page.locator("[data-test=note-input]")).to_have_value("")

        page.reload()  # the address keeps the open chat
        expect(panel.locator("[data-test=note]")).to_contain_text("偏好宽松款，L码")
        expect(panel.locator("[data-test=note]")).to_contain_text("mei")  # who wrote it
        expect(panel.locator("[data-test=tag]")).to_have_text(["想买卫衣"])
        expect(panel.locator("[data-test=timeline-note]")).to_contain_text("偏好宽松款，L码")
        expect(panel.locator("[data-test=timeline-tag]")).to_contain_text("添加标签：想买卫衣")
        expect(panel.locator("[data-test=timeline-chat]")).to_have_count(1)
        expect(panel.locator("[data-test=timeline-chat]")).to_contain_text("接待中")
        expect(panel.locator("[data-test=timeline-feedback]")).to_contain_text("在吗，想问下卫衣")
        mei.check_readable("workbench customer panel")

        href = page.locator("[data-test=profile-link]").get_attribute("href")
        assert href is not None and href.startswith("/customers/")
        with page.context.expect_page() as opened:
            page.click("[data-test=profile-link]")
        profile = opened.value  # 客户档案, in a tab of its own: the chat stays open here
        expect(profile).to_have_url(server.url + href)
        expect(profile.locator("body")).to_contain_text("访客")
        expect(page.locator("[data-test=chat-pane]")).to_be_visible()
        mei.check()

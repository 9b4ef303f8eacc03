"""A buyer and an agent chat in real headless Chromium (issue "Live chat", acceptance 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.models.team import Role
from kefu.shop import service as shop
from tests import live
from tests.browser import chromium, log_in_to_workbench
from tests.chat_helpers import agent

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def shop_with_one_agent(tmp: Path) -> str:
    url = f"sqlite:///{tmp / 'browser.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        agent(db, "mei", max_concurrent=8)
        agent(db, "boss", group=None, role=Role.supervisor)
        shop.do_set(db, key="working_hours", value="00:00-23:59")
    engine.dispose()
    return url


def thread(page: Page) -> list[str]:
    """What the buyer reads: bubbles (with who and when) and the shop's notices."""
    return page.locator("#messages li").all_inner_texts()


def test_buyer_and_agent_chat_and_the_reopened_page_shows_the_history_once(tmp_path: Path) -> None:
    url = shop_with_one_agent(tmp_path)
    errors: list[str] = []
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        buyer_context = browser.new_context()
        buyer = buyer_context.new_page()
        buyer.on("pageerror", lambda exc: errors.append(str(exc)))
        buyer.goto(f"{server.url}/chat")
        expect(buyer.locator("#status")).not_to_have_text("连接中…")
        buyer.fill("#text", "在吗？这件卫衣有L码吗")
        buyer.press("#text", "Enter")
        expect(buyer.locator("#messages li.from-buyer .bubble")).to_have_text(
            ["在吗？这件卫衣有L码吗"]
        )
        expect(buyer.locator("#messages li.from-bot")).to_have_count(1)  # the greeting
        expect(buyer.locator("#messages li.notice")).to_have_text(
            ["您好，我是售前客服mei，很高兴为您服务～"]  # her introduction, as a notice
        )
        expect(buyer.locator("#serving")).to_have_text("mei")
        expect(buyer.locator("#role")).to_have_text("售前客服")
        expect(buyer.locator("#rating")).to_be_hidden()  # only once the chat has ended

        agent_page = browser.new_context().new_page()
        agent_page.on("pageerror", lambda exc: errors.append(str(exc)))
        log_in_to_workbench(agent_page, server.url, "mei")
        conversation = agent_page.locator(".conversation-item").first
        expect(conversation).to_be_visible()
        conversation.click()
        expect(agent_page.locator("#messages li.from-buyer span")).to_have_text(
            ["在吗？这件卫衣有L码吗"]
        )
        expect(agent_page.locator("#panel h3 span")).to_have_text("访客")
        expect(agent_page.locator("#transfer-form")).to_be_hidden()

        agent_page.fill("#text", "你好！")  # breaks T01 and T06: warned, not blocked
        expect(agent_page.locator("#qc-warning")).to_be_visible()
        expect(agent_page.locator("#qc-warning")).to_contain_text("质检提醒")
        agent_page.fill("#text", "您好，L码有现货，今天16:30前付款当天发出")
        expect(agent_page.locator("#qc-warning")).to_be_hidden()
        agent_page.press("#text", "Enter")
        expect(buyer.locator("#messages li.from-agent .bubble")).to_have_text(
            ["您好，L码有现货，今天16:30前付款当天发出"]
        )
        buyer.fill("#text", "好的，谢谢")
        buyer.press("#text", "Enter")
        expect(agent_page.locator("#messages li.from-buyer span")).to_have_count(2)

        expect(buyer.locator("#messages li.from-buyer:not(.pending)")).to_have_count(2)
        before = thread(buyer)
        buyer.close()
        reopened = buyer_context.new_page()
        reopened.on("pageerror", lambda exc: errors.append(str(exc)))
        reopened.goto(f"{server.url}/chat")
        expect(reopened.locator("#messages li")).to_have_count(len(before))
        reopened.wait_for_timeout(500)  # let the resume answer arrive: it must add nothing
        assert thread(reopened) == before
        assert len(before) == 5  # greeting, introduction, two from the buyer, one from mei
        expect(reopened.locator("#serving")).to_have_text("mei")
    assert errors == []

"""The bot answers a buyer in the real chat page, hands over when asked, and the
agent gets suggested replies in the workbench (headless Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from kefu import migrate
from kefu.bot import kb
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.knowledge import service as knowledge_service
from kefu.shop import service as shop
from tests import live
from tests.browser import chromium
from tests.chat_helpers import agent
from tests.workbench_pages import (
    REPLY,
    TITLE,
    messages_from,
    open_first_conversation,
    open_workbench,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def shop_with_bot(tmp: Path) -> str:
    url = f"sqlite:///{tmp / 'bot-browser.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        agent(db, "mei")
        shop.do_set(db, key="working_hours", value="00:00-23:59")
        kb.do_seed_defaults(db)
        knowledge_service.do_add_phrase(
            db, text="亲，{买家昵称}，发票确认收货后开具哦", shortcut="/fp"
        )
    engine.dispose()
    return url


def test_bot_answers_hands_over_and_the_agent_gets_suggestions(
    tmp_path: Path, trained_bot_dir: Path
) -> None:
    url = shop_with_bot(tmp_path)
    errors: list[str] = []
    with (
        live.live_server(url, tmp_path, KEFU_DATA_DIR=str(trained_bot_dir)) as server,
        chromium() as browser,
    ):
        buyer = browser.new_context().new_page()
        buyer.on("pageerror", lambda exc: errors.append(str(exc)))
        buyer.goto(f"{server.url}/chat")
        expect(buyer.locator("#status")).not_to_have_text("连接中…")
        buyer.fill("#text", "可以开发票吗")
        buyer.press("#text", "Enter")
        # greeting, answer (the first answer loads the bot's models: slow on a busy machine)
        expect(buyer.locator("#messages li.from-bot")).to_have_count(2, timeout=30_000)
        expect(buyer.locator("#messages li.from-bot .bubble").last).to_contain_text("发票")
        expect(buyer.locator("#serving")).to_have_text("智能助手")
        expect(buyer.locator("#messages li.from-bot .meta").first).to_contain_text("智能助手")
        buyer.fill("#text", "转人工")
        buyer.press("#text", "Enter")
        expect(buyer.locator("#messages li.from-bot")).to_have_count(3)
        expect(buyer.locator("#messages li.from-bot .bubble").last).to_contain_text("人工")
        expect(buyer.locator("#serving")).to_have_text("mei")  # a person took over
        expect(buyer.locator("#messages li.notice").last).to_contain_text("我是售前客服mei")

        mei = open_workbench(browser, server, "mei")
        page = mei.page
        open_first_conversation(mei)
        expect(page.locator(TITLE)).to_contain_text("机器人识别：转人工")
        expect(page.locator(TITLE)).to_contain_text("买家要求")
        expect(messages_from(mei, "bot")).to_have_count(3)  # the bot's part

        page.locator("[data-test=message][data-from=buyer] .bubble").first.click()
        expect(page.locator("[data-test=suggestions]")).to_be_visible()
        suggestions = page.locator("[data-test=suggestion]")
        expect(suggestions).not_to_have_count(0)
        suggestions.first.click()
        assert "发票" in page.input_value(REPLY)
        expect(page.locator(REPLY)).to_be_focused()
        expect(messages_from(mei, "agent")).to_have_count(0)  # inserted, never sent

        page.fill(REPLY, "/fp")
        expect(page.locator("[data-test=phrase-menu]")).to_contain_text("发票确认收货后开具")
        page.press(REPLY, "Enter")  # the shortcut expands, with the buyer's nick filled in
        value = page.input_value(REPLY)
        assert value.startswith("亲，") and "发票确认收货后开具" in value and "{" not in value
        mei.check_readable("workbench with suggestions")
        mei.check()
    assert errors == []

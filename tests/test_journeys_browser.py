"""Whole journeys through the buyer's page and the staff app, in real headless Chromium
(issue 13, acceptance "Journeys as browser tests"): a hand-off that is answered, transferred
with a reason and closed by the colleague; an agent whose tab closes hands her unanswered
chat on within the presence grace period."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.models.team import AgentStatus, Role
from kefu.shop import service as shop
from tests import live
from tests.app_browser import StrictPage, strict_page
from tests.browser import chromium
from tests.chat_helpers import agent
from tests.workbench_pages import (
    CONVERSATION,
    REPLY,
    TITLE,
    messages_from,
    open_workbench,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
GRACE_SECONDS = 3


def shop_with(tmp: Path, *, wang_group: str, wang_status: AgentStatus) -> str:
    """A shop open all day: mei at work in 售前组, wang in ``wang_group``."""
    url = f"sqlite:///{tmp / 'journey.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        agent(db, "mei", max_concurrent=8)
        role = Role.aftersale if wang_group == "售后组" else Role.presale
        agent(db, "wang", group=wang_group, role=role, status=wang_status)
        shop.do_set(db, key="working_hours", value="00:00-24:00")
    engine.dispose()
    return url


def buyer_asks(browser: Browser, server: live.Server, text: str) -> StrictPage:
    """A buyer on the shop's chat page, handed to a person with her first question."""
    buyer = strict_page(browser, server)
    page = buyer.page
    page.goto(f"{server.url}/chat")
    expect(page.locator("#status")).not_to_have_text("连接中…")
    page.fill("#text", text)
    page.press("#text", "Enter")
    expect(page.locator("#messages li.from-buyer .bubble")).to_have_text([text])
    return buyer


def test_handed_off_answered_transferred_with_a_reason_and_closed_by_the_colleague(
    tmp_path: Path,
) -> None:
    url = shop_with(tmp_path, wang_group="售后组", wang_status=AgentStatus.online)
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        buyer = buyer_asks(browser, server, "转人工，这件卫衣有L码吗")
        page = buyer.page
        expect(page.locator("#serving")).to_have_text("mei")
        expect(page.locator("#status")).to_have_text("人工客服为您服务")

        mei = open_workbench(browser, server, "mei")
        mei.page.locator(CONVERSATION).first.click()
        expect(messages_from(mei, "buyer")).to_have_text(["转人工，这件卫衣有L码吗"])
        mei.page.fill(REPLY, "您好，L码有现货")
        mei.page.press(REPLY, "Enter")
        expect(page.locator("#messages li.from-agent span")).to_have_text(["您好，L码有现货"])

        mei.page.click("[data-test=transfer]")
        mei.page.click("[data-test=transfer-agent]")
        mei.page.locator(".el-select-dropdown__item", has_text="wang").click()
        mei.page.fill("[data-test=transfer-reason]", "买家想先问退换政策，转售后")
        mei.page.click("[data-test=transfer-submit]")
        expect(mei.page.locator("[data-test=read-only]")).to_have_text("该会话由 wang 接待")

        expect(page.locator("#messages li.notice")).to_have_text(
            [
                "您好，我是售前客服mei，很高兴为您服务～",
                "已为您转接售后wang",
                "您好，我是售后客服wang，很高兴为您服务～",
            ]
        )
        expect(page.locator("#serving")).to_have_text("wang")
        expect(page.locator("#role")).to_have_text("售后客服")
        buyer.check_readable("buyer chat after the transfer")

        wang = open_workbench(browser, server, "wang")
        wang.page.locator(CONVERSATION).first.click()
        expect(messages_from(wang, "buyer")).to_have_text(["转人工，这件卫衣有L码吗"])
        expect(messages_from(wang, "agent")).to_have_text(["您好，L码有现货"])
        wang.page.fill(REPLY, "您好，七天内可无理由退换")
        wang.page.press(REPLY, "Enter")
        expect(page.locator("#messages li.from-agent span")).to_have_text(
            ["您好，L码有现货", "您好，七天内可无理由退换"]
        )
        wang.page.click("[data-test=close]")
        wang.page.locator(".el-message-box").get_by_role("button", name="结束").click()
        expect(wang.page.locator(TITLE)).to_contain_text("已结束")

        expect(page.locator("#messages li.divider")).to_have_text("会话已结束")
        expect(page.locator("#status")).to_have_text("会话已结束")
        buyer.check_readable("buyer chat after the colleague closed it")
        for strict in (buyer, mei, wang):
            strict.check()


def test_a_closed_tab_hands_her_unanswered_chat_to_a_colleague_within_the_grace_period(
    tmp_path: Path,
) -> None:
    url = shop_with(tmp_path, wang_group="售前组", wang_status=AgentStatus.offline)
    env = {"KEFU_PRESENCE_GRACE_SECONDS": str(GRACE_SECONDS)}
    with live.live_server(url, tmp_path, **env) as server, chromium() as browser:
        mei = open_workbench(browser, server, "mei")
        buyer = buyer_asks(browser, server, "在吗？这件卫衣有L码吗")
        page = buyer.page
        expect(page.locator("#serving")).to_have_text("mei")
        expect(mei.page.locator(CONVERSATION)).to_have_count(1)  # hers, not answered yet

        wang = open_workbench(browser, server, "wang")  # logging in brings him to work
        expect(wang.page.locator(CONVERSATION)).to_have_count(0)
        mei.check()
        closed_at = time.monotonic()
        mei.page.context.close()  # her tab (and browser window) closes

        offered = wang.page.locator(CONVERSATION)
        expect(offered).to_have_count(1, timeout=(GRACE_SECONDS + 10) * 1000)
        moved_after = time.monotonic() - closed_at
        assert GRACE_SECONDS - 0.5 <= moved_after <= GRACE_SECONDS + 8, moved_after
        expect(page.locator("#serving")).to_have_text("wang")
        expect(page.locator("#messages li.notice")).to_have_text(
            [
                "您好，我是售前客服mei，很高兴为您服务～",
                "客服暂时离开，正在为您转接其他客服",  # chat/notices.py AGENT_LEFT
                "您好，我是售前客服wang，很高兴为您服务～",
            ]
        )
        offered.click()
        expect(messages_from(wang, "buyer")).to_have_text(["在吗？这件卫衣有L码吗"])
        wang.check_readable("workbench with the chat handed on")
        buyer.check()
        wang.check()

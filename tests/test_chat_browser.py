"""A buyer and an agent chat in real headless Chromium: the buyer's page (/chat) and the
agent's workbench of the staff app (issue "Live chat", acceptance 1; issue 13)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.kit import clock
from kefu.models import ChatSession, Customer, Message
from kefu.models.team import AgentStatus, Role
from kefu.shop import service as shop
from tests import live
from tests.browser import chromium
from tests.chat_helpers import agent
from tests.workbench_pages import (
    CONVERSATION,
    MESSAGES,
    PANEL,
    REPLY,
    TITLE,
    messages_from,
    open_first_conversation,
    open_workbench,
    staff_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


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


def buyer_page(browser: Browser, server: live.Server) -> Page:
    buyer = browser.new_context().new_page()
    buyer.goto(f"{server.url}/chat")
    expect(buyer.locator("#status")).not_to_have_text("连接中…")
    return buyer


def buyer_sends(buyer: Page, text: str, *, count: int) -> None:
    buyer.fill("#text", text)
    buyer.press("#text", "Enter")
    expect(buyer.locator("#messages li.from-buyer")).to_have_count(count)


def test_buyer_and_agent_chat_and_the_reopened_page_shows_the_history_once(tmp_path: Path) -> None:
    url = shop_with_one_agent(tmp_path)
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        buyer_context = browser.new_context()
        buyer = buyer_context.new_page()
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

        mei = open_workbench(browser, server, "mei")
        page = mei.page
        expect(page.locator("[data-test=view-mine]")).to_contain_text("我的1")
        expect(page.locator(CONVERSATION).first).to_contain_text("等待")
        open_first_conversation(mei)
        expect(messages_from(mei, "buyer")).to_have_text(["在吗？这件卫衣有L码吗"])
        expect(messages_from(mei, "bot")).to_have_count(1)
        expect(page.locator(f"{PANEL} [data-test=customer-name]")).to_have_text("访客")
        expect(page.locator(TITLE)).to_contain_text("接待中")
        expect(page.locator("[data-test=transfer-dialog]")).to_be_hidden()
        mei.check_readable("workbench with a chat")

        page.fill(REPLY, "你好！")  # breaks T01 and T06: warned, not blocked
        expect(page.locator("[data-test=qc-warning]")).to_be_visible()
        expect(page.locator("[data-test=qc-warning]")).to_contain_text("质检提醒")
        page.fill(REPLY, "您好，L码有现货，今天16:30前付款当天发出")
        expect(page.locator("[data-test=qc-warning]")).to_be_hidden()
        expect(page.locator("[data-test=length]")).to_contain_text("23 / 2000")
        page.press(REPLY, "Enter")
        expect(page.locator(REPLY)).to_have_value("")
        expect(buyer.locator("#messages li.from-agent span")).to_have_text(
            ["您好，L码有现货，今天16:30前付款当天发出"]
        )
        expect(messages_from(mei, "agent")).to_have_text(
            ["您好，L码有现货，今天16:30前付款当天发出"]
        )
        page.set_input_files(
            "[data-test=image-file]",
            files=[{"name": "尺码表.png", "mimeType": "image/png", "buffer": PIXEL_PNG}],
        )
        expect(page.locator("[data-test=message][data-from=agent] img")).to_have_count(1)
        expect(buyer.locator("#messages li.from-agent img")).to_have_count(1)
        buyer.locator("#text").press_sequentially("ok")  # keys, so the page says it is typing
        expect(page.locator("[data-test=typing]")).to_have_text("访客 正在输入…")
        buyer.fill("#text", "好的，谢谢")
        buyer.press("#text", "Enter")
        expect(messages_from(mei, "buyer")).to_have_count(2)
        expect(page.locator("[data-test=typing]")).to_have_text("")
        unread = page.locator(CONVERSATION).first.locator("[data-test=unread] .el-badge__content")
        expect(unread).to_be_hidden()  # read while open

        page.fill(REPLY, "第一行")
        page.press(REPLY, "Shift+Enter")  # a new line, not a send
        page.keyboard.type("第二行")
        expect(page.locator(REPLY)).to_have_value("第一行\n第二行")
        page.fill(REPLY, "好" * 2001)  # the limit is shown before sending
        expect(page.locator("[data-test=length]")).to_contain_text("超出 1 字")
        expect(page.locator("[data-test=send]")).to_be_disabled()

        before = thread(buyer)
        buyer.close()
        reopened = buyer_context.new_page()
        reopened.goto(f"{server.url}/chat")
        expect(reopened.locator("#messages li")).to_have_count(len(before))
        reopened.wait_for_timeout(500)  # let the resume answer arrive: it must add nothing
        assert thread(reopened) == before
        assert len(before) >= 4  # greeting, introduction, the buyer's and mei's messages
        mei.check()


REFUSED = "这条会被拒绝"


class AgentLine:
    """The agent's socket passed through the test: the server seems to refuse one text, and
    the test can cut the line."""

    def __init__(self) -> None:
        self.sockets: list[WebSocketRoute] = []

    def __call__(self, socket: WebSocketRoute) -> None:
        self.sockets.append(socket)
        server = socket.connect_to_server()

        def from_page(message: str | bytes) -> None:
            frame = json.loads(message)
            if frame.get("type") == "send" and frame.get("text") == REFUSED:
                refusal = {"type": "error", "code": "session_closed", "reason": "会话已结束"}
                socket.send(json.dumps({**refusal, "client_id": frame["client_id"]}))
            else:
                server.send(message)

        socket.on_message(from_page)

    def cut(self) -> None:
        self.sockets[-1].close()


def test_refused_sends_drafts_and_a_dropped_line(tmp_path: Path) -> None:
    """A refused send comes back into the box with the reason; drafts stay with their chat;
    after the line drops, what the buyer said meanwhile is fetched (resume) and what the agent
    sent meanwhile goes out once (same client id)."""
    url = shop_with_one_agent(tmp_path)
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        first, second = buyer_page(browser, server), buyer_page(browser, server)
        buyer_sends(first, "第一位买家", count=1)
        buyer_sends(second, "第二位买家", count=1)
        mei = staff_page(browser, server)
        line = AgentLine()
        mei.page.route_web_socket("**/ws/agent", line)
        mei.log_in("mei", "s3cret-pass", next_path="/workbench")
        page = mei.page
        expect(page.locator(CONVERSATION)).to_have_count(2)
        page.locator(CONVERSATION).first.click()  # who waited longest first
        expect(page.locator(MESSAGES)).to_contain_text("第一位买家")

        page.fill(REPLY, REFUSED)
        page.press(REPLY, "Enter")
        expect(page.locator("[data-test=send-error]")).to_contain_text("未发送：会话已结束")
        expect(page.locator(REPLY)).to_have_value(REFUSED)
        expect(page.locator("[data-test=pending]")).to_have_count(0)

        page.locator(CONVERSATION).nth(1).click()
        expect(page.locator(MESSAGES)).to_contain_text("第二位买家")
        expect(page.locator(REPLY)).to_have_value("")
        page.fill(REPLY, "给第二位的草稿")
        page.locator(CONVERSATION).first.click()
        expect(page.locator(REPLY)).to_have_value(REFUSED)
        page.locator(CONVERSATION).nth(1).click()
        expect(page.locator(REPLY)).to_have_value("给第二位的草稿")
        page.press(REPLY, "Enter")
        expect(second.locator("#messages li.from-agent span")).to_have_text(["给第二位的草稿"])

        line.cut()
        buyer_sends(second, "断线时买家说的", count=2)
        page.fill(REPLY, "断线时客服回的")
        page.press(REPLY, "Enter")  # kept as pending, sent again once the line is back
        expect(messages_from(mei, "buyer")).to_have_text(["第二位买家", "断线时买家说的"])
        expect(page.locator("[data-test=pending]")).to_have_count(0)
        expect(second.locator("#messages li.from-agent span")).to_have_text(
            ["给第二位的草稿", "断线时客服回的"]
        )
        assert len(line.sockets) == 2
        mei.check()


def shop_with_two_groups(tmp: Path) -> str:
    """mei (售前) and wang (售后) at work, lan (售后) away, the boss; a buyer waiting on mei's
    answer for 2½ minutes and one just queued for 售后组."""
    url = shop_with_one_agent(tmp)
    engine = make_engine(url)
    now = clock.now()
    with unit_of_work(make_sessionmaker(engine)) as db:
        agent(db, "wang", group="售后组", role=Role.aftersale, max_concurrent=4)
        agent(db, "lan", group="售后组", role=Role.aftersale, status=AgentStatus.away)
        for customer_id, nick in (("c1", "tb_lulu"), ("c2", "tb_momo")):
            db.add(Customer(id=customer_id, nick=nick, vip_level=0, marketing_opt_out=False))
        db.flush()
        waits = now - dt.timedelta(seconds=150)
        db.add_all(
            [
                ChatSession(
                    id="s1",
                    customer_id="c1",
                    channel="web",
                    opened_at=waits,
                    status="assigned",
                    group_id="售前组",
                    agent_id="mei",
                    waiting_since=waits,
                    last_seq=1,
                    agent_read_seq=0,
                ),
                ChatSession(
                    id="s2",
                    customer_id="c2",
                    channel="web",
                    opened_at=now,
                    status="queued",
                    group_id="售后组",
                    queued_at=now,
                    waiting_since=now,
                    last_seq=0,
                    agent_read_seq=0,
                ),
            ]
        )
        db.flush()
        db.add(
            Message(
                id="m1",
                session_id="s1",
                seq=1,
                at=waits,
                sender="buyer",
                text="我的快递到哪了",
                kind="text",
            )
        )
    engine.dispose()
    return url


def test_a_transfer_needs_a_reason_and_the_colleague_takes_over_and_closes(
    tmp_path: Path,
) -> None:
    url = shop_with_two_groups(tmp_path)
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        mei = open_workbench(browser, server, "mei")
        page = mei.page
        page.locator(CONVERSATION, has_text="tb_lulu").click()
        expect(messages_from(mei, "buyer")).to_have_text(["我的快递到哪了"])
        page.click("[data-test=transfer]")
        dialog = page.locator(".el-dialog", has_text="转接会话")
        expect(dialog).to_be_visible()
        page.click("[data-test=transfer-agent]")
        wang = page.locator(".el-select-dropdown__item", has_text="wang")
        expect(wang).to_contain_text("接待 0/4")
        away = page.locator(".el-select-dropdown__item", has_text="lan")
        expect(away).to_have_class(re.compile(r"\bis-disabled\b"))  # 离开: shown, not choosable
        wang.click()
        expect(page.locator("[data-test=transfer-submit]")).to_be_disabled()  # no reason yet
        page.fill("[data-test=transfer-reason]", "买家问物流，转售后跟进")
        page.click("[data-test=transfer-submit]")
        expect(page.locator(".el-message--success")).to_contain_text("已转接给 wang")
        expect(dialog).to_be_hidden()
        expect(page.locator("[data-test=read-only]")).to_have_text("该会话由 wang 接待")
        expect(page.locator(CONVERSATION, has_text="tb_lulu")).to_have_count(0)  # not mine now
        mei.check_readable("workbench after a transfer")

        colleague = open_workbench(browser, server, "wang")
        colleague.page.locator(CONVERSATION, has_text="tb_lulu").click()
        expect(messages_from(colleague, "buyer")).to_have_text(["我的快递到哪了"])
        colleague.page.click("[data-test=close]")
        colleague.page.locator(".el-message-box").get_by_role("button", name="结束").click()
        expect(colleague.page.locator(".el-message--success")).to_contain_text("会话已结束")
        expect(colleague.page.locator(TITLE)).to_contain_text("已结束")
        expect(colleague.page.locator("[data-test=read-only]")).to_have_text("会话已结束")
        closed = colleague.page.locator("[data-test=view-closed_today]")
        expect(closed).to_have_text("今日已结束1")  # the tab counts it
        colleague.check_readable("workbench after closing")
        mei.check()
        colleague.check()


def test_the_supervisor_sees_queues_loads_and_who_waits_too_long(tmp_path: Path) -> None:
    url = shop_with_two_groups(tmp_path)
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        boss = staff_page(browser, server)
        boss.log_in("boss", "s3cret-pass", next_path="/supervisor")
        page = boss.page
        expect(page.locator("aside")).to_contain_text("实时监控")
        expect(page.locator("aside")).to_contain_text("工作台")
        queues = page.locator("[data-test=queues] .el-table__body tr")
        expect(queues).to_have_count(2)
        expect(queues.filter(has_text="售后组")).to_contain_text("1")
        waiting = page.locator("[data-test=waiting] .el-table__body tr")
        expect(waiting).to_have_count(1)
        expect(waiting.first).to_contain_text("tb_lulu")
        expect(waiting.first).to_contain_text("mei")
        expect(waiting.first).to_contain_text(re.compile(r"\d+ 分 \d+ 秒"))  # over 60 s
        expect(waiting.first).to_have_class(re.compile(r"\blate-row\b"))
        agents = page.locator("[data-test=agents] .el-table__body tr")
        expect(agents.first).to_contain_text("mei")  # at work and busiest first
        expect(agents.first).to_contain_text("在线")
        expect(agents.first).to_contain_text("1 / 8")
        expect(agents.filter(has_text="lan")).to_contain_text("离开")
        boss.check_readable("supervisor")

        colleague = open_workbench(browser, server, "wang")
        colleague.page.click("[data-test=status]")
        colleague.page.locator(".el-dropdown-menu__item", has_text="忙碌").click()
        expect(agents.filter(has_text="wang")).to_contain_text("忙碌")  # overview_changed
        boss.check()
        colleague.check()

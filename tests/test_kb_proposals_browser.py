"""The staff app's part of the bot that learns from the shop (issue 14): on 知识库 the
supervisor accepts, edits then accepts, or rejects the FAQ entries mined from the history
(推荐问答); in the workbench an agent marks a buyer message with its intent (标记意图)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.models import Agent, IntentLabel, KbEntry, KbProposal
from kefu.shop import service as shop
from tests import live
from tests.app_browser import require_built_app, strict_page
from tests.app_forms import choose, confirm, quiet_bell, toast
from tests.browser import chromium
from tests.chat_helpers import agent
from tests.workbench_pages import open_first_conversation, open_workbench

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROPOSED = [  # (id, intent, questions, answer, count)
    ("kbp-a", "invoice", ["发票怎么开", "能开发票吗"], "确认收货后在订单页申请电子发票哦。", 9),
    ("kbp-b", "shipping_time", ["什么时候发货", "今天能发吗"], "下午四点前付款当天发。", 7),
    ("kbp-c", "other", ["哈哈", "嘿嘿"], "亲，还有什么可以帮您？", 5),
]
PROPOSALS = "#pane-proposals .el-table__body-wrapper .el-table__row"


@pytest.fixture
def shop_url(demo_database: Path, tmp_path: Path) -> str:
    """The demo shop with three mined proposals waiting."""
    require_built_app()
    copy = tmp_path / "shop.db"
    shutil.copy(demo_database, copy)
    url = f"sqlite:///{copy}"
    engine = make_engine(url)
    at = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)
    with unit_of_work(make_sessionmaker(engine)) as db:
        for proposal_id, intent, questions, answer, count in PROPOSED:
            db.add(
                KbProposal(
                    id=proposal_id,
                    intent=intent,
                    questions=questions,
                    answer=answer,
                    alternatives=["好的亲"],
                    message_ids=[],
                    count=count,
                    sessions=count - 1,
                    status="proposed",
                    created_at=at,
                )
            )
    engine.dispose()
    return url


@pytest.fixture
def server(shop_url: str, tmp_path: Path) -> Iterator[live.Server]:
    with live.live_server(shop_url, tmp_path, KEFU_SCHEDULER="false") as running:
        yield running


def read(url: str, query: object) -> list[object]:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as db:
        found = list(db.scalars(query))
    engine.dispose()
    return found


def test_the_supervisor_accepts_edits_and_rejects_proposals(
    server: live.Server, shop_url: str
) -> None:
    with chromium() as browser:
        strict = strict_page(browser, server)
        quiet_bell(strict)
        page = strict.page
        strict.log_in("wangjie", next_path="/kb")
        page.get_by_role("tab", name="推荐问答").click()
        strict.settle()
        strict.check_readable("主管 /kb 推荐问答")
        rows = page.locator(PROPOSALS)
        expect(rows).to_have_count(3)
        expect(rows.first).to_contain_text("发票怎么开")  # most asked first
        expect(rows.first).to_contain_text("另 1 个问法")
        expect(rows.first).to_contain_text("发票")  # the intent in Chinese
        expect(rows.first).to_contain_text("确认收货后在订单页申请电子发票哦。")
        expect(rows.first).to_contain_text("9")
        # 发货时效 is answered from the buyer's orders first: the page says so, 发票 not.
        expect(rows.first.locator("[data-test=answered-live]")).to_have_count(0)
        expect(
            rows.filter(has_text="什么时候发货").locator("[data-test=answered-live]")
        ).to_have_text("实时数据优先")

        rows.first.locator("[data-test=proposal-accept]").click()
        toast(page, "已采纳")
        expect(rows).to_have_count(2)

        rows.filter(has_text="什么时候发货").locator("[data-test=proposal-edit]").click()
        dialog = page.locator(".el-dialog:visible")
        expect(dialog.locator("[data-test=answered-live-note]")).to_contain_text("实时回答")
        dialog.locator("textarea[data-test=proposal-questions]").fill("什么时候发货\n几号能发出")
        dialog.locator("textarea[data-test=proposal-answer]").fill(
            "{截单时间}前付款的订单当天发出哦。"
        )
        dialog.locator("[data-test=proposal-save-accept]").click()
        toast(page, "已采纳")
        expect(rows).to_have_count(1)

        rows.first.locator("[data-test=proposal-reject]").click()
        confirm(page, "拒绝")
        toast(page, "已拒绝")
        expect(rows).to_have_count(0)

        choose(page, page.locator("[data-test=filter-status]"), "已采纳")
        strict.settle()
        expect(rows).to_have_count(2)
        expect(rows.filter(has_text="什么时候发货")).to_contain_text("已采纳")

        page.get_by_role("tab", name="问答", exact=True).click()
        strict.search("几号能发出", within="#pane-entries")
        entry = page.locator("#pane-entries .el-table__body-wrapper .el-table__row")
        expect(entry).to_have_count(1)
        expect(entry).to_contain_text("发货时效")
        strict.check()

    decided = {p.id: p.status for p in read(shop_url, select(KbProposal))}
    assert decided == {"kbp-a": "accepted", "kbp-b": "accepted", "kbp-c": "rejected"}
    entries = {tuple(e.questions): e.answer for e in read(shop_url, select(KbEntry))}
    assert entries[("什么时候发货", "几号能发出")] == "{截单时间}前付款的订单当天发出哦。"
    assert entries[("发票怎么开", "能开发票吗")] == "确认收货后在订单页申请电子发票哦。"


def test_an_agent_marks_the_intent_of_a_buyer_message(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'marks.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        agent(db, "mei", max_concurrent=8)
        shop.do_set(db, key="working_hours", value="00:00-23:59")
    engine.dispose()
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        mei = open_workbench(browser, server, "mei")  # her open workbench makes her 在线
        page = mei.page
        buyer = browser.new_context().new_page()
        buyer.goto(f"{server.url}/chat")
        expect(buyer.locator("#status")).not_to_have_text("连接中…")
        buyer.fill("#text", "这件卫衣有L码吗")
        buyer.press("#text", "Enter")
        expect(buyer.locator("#messages li.from-buyer")).to_have_count(1)
        expect(buyer.locator("#serving")).to_have_text("mei")

        open_first_conversation(mei)
        message = page.locator("[data-test=message][data-from=buyer]").first
        expect(message).to_contain_text("这件卫衣有L码吗")
        message_id = message.get_attribute("data-id")
        message.locator("[data-test=mark-intent]").click()
        menu = page.locator(".el-dropdown-menu:visible .el-dropdown-menu__item")
        menu.filter(has_text="库存").click()
        toast(page, "已标记为「库存」")
        expect(message.locator("[data-test=mark-intent]")).to_contain_text("意图：库存")
        mei.check()

    marked = read(url, select(IntentLabel))
    assert [(m.message_id, m.intent) for m in marked] == [(message_id, "stock")]
    assert [a.name for a in read(url, select(Agent).where(Agent.id == marked[0].agent_id))] == [
        "mei"
    ]

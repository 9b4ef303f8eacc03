"""The after-care pages of the staff app on the demo shop (issue 16, part 3), each opened by the
role that uses it and held to the strict checks: a repair scheduled, visited and finished; a
problem parcel followed up and solved, the claims sheet offered; a department answers its
ticket; platform claims and complaint statistics; in the workbench a product card sent in one
click, the buyer's viewed pages, and the chat sent to a department."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests import live
from tests.app_browser import StrictPage, serve_demo_copy, strict_page
from tests.browser import chromium
from tests.workbench_pages import CONVERSATION, MESSAGES, TITLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[live.Server]:
    """One server for the module: each test works on cases the others leave alone."""
    with serve_demo_copy(demo_database, tmp_path_factory.mktemp("aftercare")) as served:
        yield served


def rows(page: Page) -> Locator:
    return page.locator(".el-table__body tr")


def open_row(strict: StrictPage, row: Locator) -> None:
    row.locator(".el-link").first.click()
    strict.settle()


def pick_time(page: Page, placeholder: str, at: dt.datetime) -> None:
    box = page.get_by_placeholder(placeholder)
    box.fill(at.strftime("%Y-%m-%d %H:%M"))
    box.press("Enter")
    page.keyboard.press("Escape")


def test_a_repair_is_scheduled_visited_and_finished(server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("xiaowang")
        page = strict.page
        expect(page.locator(".el-menu")).to_contain_text("维修安装")
        strict.open("/service-orders?status=opened")
        strict.check_readable("/service-orders")
        expect(rows(page).first).to_contain_text("待预约")
        open_row(strict, rows(page).first)
        expect(page.locator("[data-test=case-status]")).to_have_text("待预约")
        strict.check_readable("service order")
        pick_time(page, "上门时间", dt.datetime.now() + dt.timedelta(days=2))
        page.locator("[data-test=technician]").fill("李师傅")
        page.locator("[data-test=schedule]").click()
        expect(page.locator("[data-test=case-status]")).to_have_text("已预约")
        expect(page.locator("[data-test=timeline]")).to_contain_text("师傅 李师傅")
        page.locator("[data-test=visit-note]").fill("更换鞋底")
        page.locator("[data-test=parts]").fill("鞋底，鞋胶")
        page.locator("[data-test=visit]").click()
        expect(page.locator("[data-test=case-status]")).to_have_text("处理中")
        expect(page.locator(".el-descriptions")).to_contain_text("鞋底、鞋胶")
        page.locator("[data-test=result]").fill("已修好，买家满意")
        page.locator("[data-test=finish]").click()
        expect(page.locator("[data-test=case-status]")).to_have_text("已完成")
        expect(page.locator("[data-test=actions]")).to_have_count(0)
        expect(page.locator("[data-test=timeline]")).to_contain_text(
            "您的维修已完成：已修好，买家满意"
        )
        strict.check_readable("finished service order")
        strict.check()


def test_a_problem_parcel_is_followed_up_and_solved(server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("lanlan", next_path="/parcels?kind=problem")
        page = strict.page
        strict.check_readable("/parcels")
        expect(page.locator("[data-test=claims-sheet]")).to_have_attribute(
            "href", re.compile(r"/api/v1/parcels/claims\.xlsx\?month=\d{4}-\d{2}")
        )
        open_row(strict, rows(page).first)
        expect(page.locator("[data-test=case-status]")).to_have_text("跟进中")
        strict.check_readable("parcel case")
        page.locator("[data-test=contact-text]").fill("快递稽查回复：明天上午重新派送")
        pick_time(page, "下次跟进", dt.datetime.now() + dt.timedelta(days=1))
        page.locator("[data-test=contact]").click()
        expect(page.locator("[data-test=timeline]")).to_contain_text(
            "快递稽查回复：明天上午重新派送"
        )
        page.locator("[data-test=result]").fill("包裹已找到并重新派送")
        page.locator("[data-test=solve]").click()
        expect(page.locator("[data-test=case-status]")).to_have_text("已解决")
        expect(page.locator("[data-test=timeline]")).to_contain_text("您的包裹问题已处理")
        response = page.request.get(f"{server.url}/api/v1/parcels/claims.xlsx?month=2026-11")
        assert response.status == 200 and response.body()[:2] == b"PK"
        strict.check()


def test_the_warehouse_answers_its_ticket(server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("laochen")
        page = strict.page
        expect(page.locator(".el-menu")).to_contain_text("内部工单")
        strict.open("/tickets?queue=dep_warehouse")
        strict.check_readable("/tickets")
        expect(page.locator("[data-test=departments]")).to_contain_text("仓库")
        expect(page.locator("[data-test=departments]")).to_contain_text("老陈")
        open_row(strict, rows(page).first)
        expect(page.locator("[data-test=case-status]")).to_have_text("待答复")
        page.locator("[data-test=answer]").fill("可以，今天下午加急发出")
        page.locator("[data-test=send-answer]").click()
        expect(page.locator("[data-test=case-status]")).to_have_text("已答复")
        expect(page.locator("[data-test=answer-text]")).to_contain_text("今天下午加急发出")
        strict.check_readable("answered ticket")
        strict.check()


def test_platform_claims_and_complaint_statistics(server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("xiaowang", next_path="/platform-claims")
        page = strict.page
        strict.check_readable("/platform-claims")
        expect(page.locator(".el-table__body")).to_contain_text("京东")
        expect(page.locator(".el-table__body tr.is-overdue")).to_have_count(1)
        open_row(strict, rows(page).first)
        page.locator("[data-test=outcome]").fill("平台判定商家无责")
        page.locator("[data-test=close]").click()
        expect(page.locator("[data-test=case-status]")).to_have_text("已结案")
        strict.open("/complaint-stats")
        strict.check_readable("/complaint-stats")
        expect(page.locator("[data-test=stats-table]")).to_contain_text("突发事件")
        expect(page.locator("[data-test=stats-total]")).to_contain_text("完成率")
        strict.check()


def test_the_workbench_sends_a_product_card_and_escalates(server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("xiaomei", next_path="/workbench")
        page = strict.page
        page.locator(CONVERSATION).first.click()
        expect(page.locator(TITLE)).to_be_visible()
        help_box = page.locator("[data-test=selling-help]")
        expect(help_box.locator("[data-test=best-seller]").first).to_be_visible()
        viewed = help_box.locator("[data-test=page-view] a").first
        expect(viewed).to_have_attribute(
            "href", re.compile(r"^https://shop\.example\.cn/item/p\d{3}$")
        )
        strict.check_readable("workbench selling help")
        card = help_box.locator("[data-test=best-seller]").first
        title = card.locator(".name").inner_text()
        card.locator("[data-test=send-card]").click()
        sent = page.locator(f"{MESSAGES} [data-test=product-card]").last
        expect(sent).to_contain_text(title)  # a card, not its text
        expect(sent).to_contain_text("¥")
        page.screenshot(path=str(server.log.parent / "workbench-card.png"))
        page.locator("[data-test=escalate]").click()
        dialog = page.locator("[data-test=desk-dialog]")
        dialog.get_by_text("物流", exact=True).click()
        dialog.locator("[data-test=desk-note]").fill("买家问能否改发顺丰")
        dialog.locator("[data-test=desk-submit]").click()
        expect(page.get_by_text("已转部门，已告知买家")).to_be_visible()
        expect(page.locator(MESSAGES)).to_contain_text("您的问题已转交物流同事处理")
        strict.check()

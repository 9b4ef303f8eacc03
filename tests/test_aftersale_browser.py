"""The refund pages of the staff app in headless Chromium (issue 13's journey: a refund found
from the list, not by its id, approved, and gone from the 待审核 list), a 售后 step that needs a
tracking number, and the order-review page's queue row passed."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests import live
from tests.aftersale_work import OpenWork, shop_with_open_work
from tests.app_browser import StrictPage, strict_page
from tests.browser import chromium


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("KEFU_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


pytestmark = [pytest.mark.browser, pytest.mark.slow]
AT = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def shop(demo_database: Path, tmp_path: Path) -> Iterator[tuple[live.Server, OpenWork]]:
    with shop_with_open_work(demo_database, tmp_path) as served:
        yield served


def rows(page: Page) -> Locator:
    return page.locator(".el-table__body tr")


def tab(page: Page, key: str) -> Locator:
    return page.locator(f"[data-test=state-tabs] [data-tab={key}]")


def waiting(page: Page) -> int:
    """The number on the 待审核 tab."""
    return int(tab(page, "requested").get_attribute("data-count") or "-1")


def test_refund_reviewer_finds_approves_and_the_case_leaves_the_list(
    shop: tuple[live.Server, OpenWork],
) -> None:
    server, work = shop
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("zhoujie")
        page = strict.page
        page.locator("aside .el-menu-item[data-path='/refunds']").click()
        expect(page).to_have_url(re.compile(r"/refunds$"))
        strict.settle()
        expect(tab(page, "requested")).to_have_class(re.compile("is-active"))
        expect(tab(page, "requested")).to_have_attribute("data-count", re.compile(r"\d+"))
        before = waiting(page)
        expect(tab(page, "requested")).to_contain_text(f"待审核 {before}")
        strict.check_readable("退款审核 /refunds")

        page.locator("[data-test=search]").fill(work.journey_buyer)
        row = rows(page).filter(has_text=work.journey_refund)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("待审核")
        expect(row).to_contain_text(work.journey_buyer)
        row.locator(".el-link").first.click()

        expect(page).to_have_url(re.compile(f"/refunds/{work.journey_refund}$"))
        strict.settle()
        expect(page.locator("[data-test=case-status]")).to_have_text("待审核")
        expect(page.locator("[data-test=items]")).to_be_visible()
        strict.check_readable("退款审核 refund detail")
        page.locator("[data-step=approved]").click()
        page.locator(".el-message-box").get_by_role("button", name="同意").click()
        expect(page.locator("[data-test=case-status]")).to_have_text("已同意")
        expect(page.locator("[data-test=timeline]")).to_contain_text("周姐 · 待审核 → 已同意")
        expect(page.locator("[data-step=approved]")).to_have_count(0)
        # a reviewer's approval does not make the case hers, nor may she take it
        expect(page.locator("[data-test=handler]")).to_have_text("未认领")
        expect(page.locator("[data-test=take-case]")).to_have_count(0)

        page.locator("[data-test=back]").click()
        expect(page).to_have_url(re.compile(r"/refunds$"))
        strict.settle()
        expect(tab(page, "requested")).to_have_class(re.compile("is-active"))
        expect(tab(page, "requested")).to_have_attribute("data-count", str(before - 1))
        expect(rows(page).filter(has_text=work.refunds[0])).to_have_count(1)  # the list is there
        expect(page.locator(".el-table__body")).not_to_contain_text(work.journey_refund)
        tab(page, "approved").click()
        strict.settle()
        expect(page.locator(".el-table__body")).to_contain_text(work.journey_refund)
        strict.check()


def open_refund(strict: StrictPage, tab_key: str, refund_id: str) -> None:
    page = strict.page
    strict.open("/refunds")
    tab(page, tab_key).click()
    strict.settle()
    rows(page).filter(has_text=refund_id).locator(".el-link").first.click()
    expect(page).to_have_url(re.compile(f"/refunds/{refund_id}$"))
    strict.settle()


def test_aftersale_steps_a_case_with_its_tracking_number(
    shop: tuple[live.Server, OpenWork],
) -> None:
    server, work = shop
    approved = work.refunds[2]
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("xiaowang")
        page = strict.page
        open_refund(strict, "requested", work.journey_refund)
        # above the shop's limit: 售后 may refuse it, only 退款审核 may approve it
        expect(page.locator("[data-step=rejected]")).to_be_visible()
        expect(page.locator("[data-step=approved]")).to_have_count(0)
        expect(page.locator("[data-test=handler]")).to_have_text("未认领")
        page.locator("[data-test=take-case]").click()
        expect(page.locator("[data-test=handler]")).to_have_text("小王")
        expect(page.locator("[data-test=take-case]")).to_have_count(0)
        shot(page, "refund-handler")

        strict.open("/refunds")  # the list shows the case's 处理人 and filters by it
        expect(page.locator(".el-table__header")).to_contain_text("处理人")
        page.locator("[data-test=handler-filter]").click()
        page.locator(".el-select-dropdown__item:visible", has_text="小王").click()
        strict.settle()
        expect(rows(page).filter(has_text=work.journey_refund)).to_contain_text("小王")
        expect(page.locator(".el-table__body")).not_to_contain_text("未认领")
        shot(page, "refund-list-handler")

        open_refund(strict, "approved", approved)
        expect(page.locator("[data-test=case-status]")).to_have_text("已同意")
        expect(page.locator("[data-test=handler]")).to_have_text("小王")  # her approval took it
        page.locator("[data-step=buyer_shipped]").click()
        dialog = page.locator("[data-test=step-dialog]")
        dialog.locator("[data-test=step-submit]").click()
        expect(dialog).to_contain_text("请填写运单号")
        dialog.locator("[data-test=tracking-no]").fill("SF1234567890")
        dialog.locator("[data-test=step-submit]").click()
        expect(page.locator("[data-test=case-status]")).to_have_text("买家已寄回")
        expect(page.locator("[data-test=evidence]")).to_contain_text("SF1234567890")
        expect(page.locator("[data-test=timeline]")).to_contain_text("小王 · 已同意 → 买家已寄回")
        expect(page.locator("[data-step=received]")).to_be_visible()
        strict.check_readable("售后 refund detail")
        strict.check()


def test_the_aftersale_lead_assigns_a_case_then_moves_it(
    shop: tuple[live.Server, OpenWork],
) -> None:
    """售后主管 大刚 hands an unowned case to 兰兰 (指派), then to 小王 (改派); she offers
    only her own 售后组, and never the case's current handler."""
    server, work = shop
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("dagang")
        page = strict.page
        strict.open("/refunds")  # the cases nobody has taken yet: what she hands out
        page.locator("[data-test=handler-filter]").click()
        page.locator(".el-select-dropdown__item:visible", has_text="未认领").click()
        strict.settle()
        expect(rows(page).filter(has_text=work.journey_refund)).to_contain_text("未认领")
        expect(rows(page).filter(has_text="小王")).to_have_count(0)
        open_refund(strict, "requested", work.journey_refund)
        handler = page.locator("[data-test=handler]")
        expect(handler).to_have_text("未认领")
        choices = page.locator(".el-select-dropdown__item:visible")
        page.locator("[data-test=assign-handler]").click()
        expect(choices).to_have_text(["兰兰", "小王"])
        choices.filter(has_text="兰兰").click()
        expect(handler).to_have_text("兰兰")
        page.locator("[data-test=assign-handler]").click()
        expect(choices.filter(has_text="兰兰")).to_have_class(re.compile("is-disabled"))
        choices.filter(has_text="小王").click()
        expect(handler).to_have_text("小王")
        timeline = page.locator("[data-test=timeline]")
        expect(timeline).to_contain_text(re.compile("大刚 · 指派处理人\\s*处理人：兰兰"))
        expect(timeline).to_contain_text(re.compile("大刚 · 改派处理人\\s*兰兰 → 小王"))
        shot(page, "refund-assign")
        strict.check_readable("售后主管 refund detail")
        strict.check()

"""The order pages of the staff app on the demo shop (issue 13): orders are found from the list,
the order page offers only what its state allows, and 审单 reviews and ships from the queue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import live
from tests.app_browser import StrictPage, serve_demo_copy, strict_page
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NEW_ADDRESS = "浙江省杭州市西湖区文三路100号"


@pytest.fixture(scope="module")
def shop(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[live.Server]:
    """One demo shop for the file: each test works on an order (or customer) of its own kind, the
    first of its list, and checks only what it did to it."""
    with serve_demo_copy(demo_database, tmp_path_factory.mktemp("orders")) as served:
        yield served


def first_row_with(page: Page, text: str) -> None:
    """Filter the list by one status (the select's options are Chinese) and open its first order."""
    page.locator("[data-test=status-filter]").click()
    page.locator(".el-select-dropdown__item", has_text=text).click()
    page.keyboard.press("Escape")
    expect(page.locator(".el-table__body tr").first).to_contain_text(text)
    page.locator(".el-table__body tr").first.locator("a").first.click()
    expect(page.locator("[data-test=order-page]")).to_be_visible()


def test_an_agent_flags_a_paid_order_and_changes_its_address(shop: live.Server) -> None:
    with chromium() as browser:
        strict: StrictPage = strict_page(browser, shop)
        strict.log_in("xiaomei", next_path="/orders")
        strict.check_readable("/orders")
        page = strict.page
        first_row_with(page, "已付款")
        strict.check_readable("order page")
        expect(page.locator("[data-test=cancel]")).to_be_visible()
        page.locator("[data-test=flag-form] input[name=flag-text]").fill("买家改地址，注意核对")
        page.locator("[data-test=flag-form] button[type=submit]").click()
        expect(page.locator("[data-test=flags] li.current")).to_contain_text("买家改地址，注意核对")
        expect(page.locator("[data-test=flags] li.current")).to_contain_text("小美")
        page.locator("[data-test=edit-address]").click()
        page.locator("textarea[name=address]").fill(NEW_ADDRESS)
        page.locator("[data-test=save-address]").click()
        expect(page.locator("[data-test=receiver]")).to_contain_text(NEW_ADDRESS)
        page.reload()
        expect(page.locator("[data-test=timeline]")).to_contain_text(NEW_ADDRESS)
        expect(page.locator("[data-test=timeline]")).to_contain_text("红旗：买家改地址，注意核对")
        strict.check()


def test_a_shipped_order_offers_no_cancel_or_address_change(shop: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, shop)
        strict.log_in("xiaowang", next_path="/orders")
        first_row_with(strict.page, "已发货")
        page = strict.page
        expect(page.locator("[data-test=flag-form]")).to_be_visible()
        expect(page.locator("[data-test=cancel]")).to_have_count(0)
        expect(page.locator("[data-test=edit-address]")).to_have_count(0)
        strict.check_readable("shipped order")
        strict.check()


def test_order_review_passes_an_order_and_ships_it(shop: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, shop)
        strict.log_in("laochen", next_path="/order-review")
        strict.check_readable("/order-review")
        page = strict.page
        page.locator(".el-radio-button", has_text="待审单").click()
        row = page.locator(".el-table__body tr", has=page.locator("[data-test=review-row]")).first
        order_id = row.locator("a").first.inner_text()
        row.locator("[data-test=review-row]").click()
        dialog = page.locator(".el-dialog", has_text="审单")
        checkbox = dialog.locator(".el-checkbox")
        if checkbox.count():
            checkbox.click()
        dialog.locator("[data-test=confirm-review]").click()
        expect(page.locator(".el-message--success")).to_contain_text(f"订单 {order_id} 审单通过")
        page.locator(".el-radio-button", has_text="待发货").click()
        strict.search(order_id)
        expect(page.locator(".el-table__body tr")).to_have_count(1)
        shipped_row = page.locator(".el-table__body tr", has_text=order_id).first
        shipped_row.locator(".el-checkbox").click()
        expect(page.locator("[data-test=ship]")).to_be_enabled()
        page.locator("[data-test=ship]").click()
        page.locator(".el-dialog input[placeholder=运单号]").fill("ZT2026113000001")
        page.locator(".el-dialog button", has_text="确认发货").click()
        expect(page.locator(".el-message--success").last).to_contain_text("已发货 1 单")
        strict.open(f"/orders/{order_id}")
        expect(page.locator("[data-test=order-page]")).to_contain_text("ZT2026113000001")
        strict.check()


def test_customers_are_found_and_their_archive_takes_tags_and_notes(
    shop: live.Server,
) -> None:
    with chromium() as browser:
        strict = strict_page(browser, shop)
        strict.log_in("xiaowang", next_path="/customers")
        strict.check_readable("/customers")
        page = strict.page
        page.locator(".el-table__body tr").first.locator("a").first.click()
        expect(page.locator("[data-test=customer-page]")).to_be_visible()
        page.locator("input[name=tag]").fill("回头客")
        page.locator("input[name=tag]").press("Enter")
        page.locator("textarea[name=note]").fill("喜欢顺丰，周末不在家")
        page.locator("button", has_text="保存备注").click()
        page.reload()
        expect(page.locator("[data-test=tags]")).to_contain_text("回头客")
        expect(page.locator("[data-test=notes]")).to_contain_text("喜欢顺丰，周末不在家")
        expect(page.locator("[data-test=timeline]")).to_contain_text("添加标签：回头客")
        strict.check_readable("customer page")
        strict.check()

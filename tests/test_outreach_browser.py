"""Issue 16's pages in the staff app, one journey each: a presale agent follows up an
inquirer who did not buy (reason, second contact, contact made); the hotline takes a large
unpaid order's 电话催付 task with its script; an after-sales agent selects affected orders,
previews and sends an incident notice, and the order's timeline shows it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import live
from tests.app_browser import strict_page
from tests.app_forms import choose, confirm, quiet_bell, rows, toast
from tests.browser import chromium

pytestmark = [pytest.mark.browser]


def test_a_presale_agent_follows_up_an_inquirer_who_did_not_buy(
    demo_server: live.Server,
) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        quiet_bell(strict)
        page = strict.page
        strict.log_in("xiaomei", next_path="/followups")
        strict.settle()
        strict.check_readable("售前 /followups")
        summary = page.locator("[data-test=followup-summary]")
        expect(summary).to_contain_text("已联系 1 人")
        expect(summary).to_contain_text("跟进后成交 1 人")
        choose(page, page.locator("[data-test=state-filter]"), "跟进后成交")
        strict.settle()
        expect(rows(page)).to_have_count(1)
        expect(rows(page).first).to_contain_text("价格")

        choose(page, page.locator("[data-test=state-filter]"), "待跟进")
        strict.settle()
        first = rows(page).first
        buyer = first.locator("td").first.inner_text().strip()
        first.locator("[data-test=record]").click()
        form = page.locator("[data-test=followup-form]")
        expect(form).to_contain_text(f"跟进 {buyer}")
        form.locator("[data-test=reason] label").filter(has_text="尺码").click()
        form.locator("[data-test=note]").fill("要 M 码，到货后通知")
        form.locator("[data-test=save]").click()
        toast(page, "已记录")
        strict.settle()
        expect(rows(page).filter(has_text=buyer)).to_have_count(0)  # no longer 待跟进

        choose(page, page.locator("[data-test=state-filter]"), "已安排")
        strict.settle()
        mine = rows(page).filter(has_text=buyer)
        expect(mine).to_contain_text("尺码")
        expect(mine).to_contain_text("二次跟进")
        expect(mine).to_contain_text("三次跟进")
        mine.locator("[data-test=contacted]").click()
        toast(page, "二次跟进已记为联系过")
        strict.settle()
        expect(rows(page).filter(has_text=buyer)).to_contain_text("二次跟进：已联系")
        strict.check_readable("售前 跟进之后")
        strict.check()


def test_the_hotline_calls_a_large_unpaid_order_with_the_script(demo_server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        quiet_bell(strict)
        page = strict.page
        strict.log_in("xiaozhao", next_path="/tasks")
        strict.settle()
        page.locator("[data-test=scope] label").filter(has_text="本组（热线组）").click()
        choose(page, page.locator("[data-test=kind-filter]"), "外呼")  # one kind of call task
        strict.settle()
        call = rows(page).filter(has_text="大额未付款：").first
        expect(call).to_contain_text("热线组")
        call.locator("[data-test=done]").click()
        dialog = page.locator("[data-test=finish-dialog]")
        expect(dialog).to_contain_text("今天就能为您发货")  # the script
        dialog.locator("[data-test=finish-note]").fill("已电话联系，买家今晚付款")
        dialog.locator("[data-test=finish-submit]").click()
        toast(page, "任务已完成")
        strict.check_readable("热线 大额未付款外呼")
        strict.check()


def test_an_incident_notice_is_previewed_sent_once_and_on_the_timeline(
    demo_server: live.Server,
) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        quiet_bell(strict)
        page = strict.page
        strict.log_in("xiaowang", next_path="/incidents")
        strict.settle()
        strict.check_readable("售后 /incidents")
        expect(rows(page)).to_have_count(2)  # the demo's two notices
        page.click("[data-test=incident-add]")
        drawer = page.locator("[data-test=incident-drawer]")
        drawer.locator("[data-test=incident-title]").fill("杭州仓暂停发货")
        strict.allowed_statuses.add(422)
        drawer.locator("[data-test=incident-save]").click()
        expect(drawer.locator("[data-test=incident-error]")).to_contain_text("至少选择")
        drawer.get_by_placeholder("省或市，如 湖北 或 武汉").fill("杭州")
        drawer.locator("[data-test=incident-channel] .el-radio").filter(has_text="电话通知").click()
        drawer.locator("[data-test=incident-save]").click()

        expect(page).to_have_url(re.compile(r"/incidents/YC\d{12}$"))  # a number staff can say
        strict.settle()
        strict.check_readable("售后 通知预览")
        preview = page.locator("[data-test=incident-preview]")
        expect(preview).to_contain_text(re.compile(r"预览：\d+ 个订单，\d+ 位买家"))
        buyers = preview.locator(".el-table__body-wrapper .el-table__row")
        assert buyers.count() > 0
        order_id = buyers.first.locator("td").nth(1).locator("a").first.inner_text()
        page.click("[data-test=incident-send]")
        confirm(page, "发送")
        toast(page, "已发送")
        strict.settle()
        expect(page.locator("[data-test=incident-send]")).to_be_disabled()  # nobody twice
        expect(buyers.first).to_contain_text("已发过")

        strict.open(f"/orders/{order_id}")
        timeline = page.locator("[data-test=timeline]")
        expect(timeline).to_contain_text("异常通知「杭州仓暂停发货」：已建电话通知任务")
        strict.check_readable("售后 订单时间线")
        strict.check()

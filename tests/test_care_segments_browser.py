"""The supervisor's 关怀活动 and 客户分群 pages in the staff app: a campaign created by
segment name, previewed with customers by name, run behind a confirmation and then in its
sends list; a segment built from dropdown rules with a live count, saved, refused when its
name is taken (keeping the rules); agents may look at segments but not change them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import live
from tests.app_browser import strict_page
from tests.app_forms import choose, confirm, quiet_bell, rows, toast
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_campaign_is_created_previewed_and_run(demo_server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        quiet_bell(strict)
        page = strict.page
        strict.log_in("wangjie", next_path="/campaigns")
        strict.settle()
        strict.check_readable("主管 /campaigns")
        expect(rows(page)).to_have_count(4)  # the demo's campaigns
        expect(rows(page).filter(has_text="老客感恩回馈")).to_contain_text("VIP 客户")

        page.click("[data-test=campaign-add]")
        drawer = page.locator("[data-test=campaign-drawer]")
        drawer.locator("[data-test=campaign-name]").fill("本月生日回访")
        strict.allowed_statuses.add(422)
        drawer.locator("[data-test=campaign-save]").click()
        expect(drawer.locator("[data-test=campaign-error]")).to_contain_text("需要选择客户分群")
        expect(drawer.locator("[data-test=campaign-name]")).to_have_value("本月生日回访")
        expect(drawer.get_by_role("button", name="{订单号}")).to_have_count(0)
        choose(page, drawer.locator("[data-test=campaign-segment]"), "本月生日")
        drawer.locator(".el-radio").filter(has_text="电话回访任务").click()
        drawer.locator("[data-test=campaign-save]").click()

        expect(page).to_have_url(re.compile(r"/campaigns/cp_"))
        strict.settle()
        strict.check_readable("主管 活动详情")
        stats = page.locator("[data-test=plan-stats]")
        expect(stats).to_contain_text("将创建电话回访任务")
        planned = page.locator(".el-tab-pane:visible .el-table__row")
        count = planned.count()
        assert count > 0
        expect(planned.first).to_contain_text("电话回访任务")

        page.click("[data-test=campaign-run]")
        confirm(page, "执行")
        toast(page, f"已为 {count} 位客户创建电话回访任务")
        strict.settle()
        expect(page.get_by_role("tab", name=f"发送记录（{count}）")).to_be_visible()
        sent = page.locator(".list-page .el-table__body-wrapper .el-table__row")
        expect(sent).to_have_count(count)
        expect(sent.first).to_contain_text("已建电话回访任务")
        # Everyone was contacted: nothing left to run, so the run is not offered.
        expect(page.locator("[data-test=campaign-run]")).to_be_disabled()
        strict.check_readable("主管 活动执行后")
        strict.check()


def test_a_segment_is_built_from_dropdowns_and_saved(demo_server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        quiet_bell(strict)
        page = strict.page
        strict.log_in("wangjie", next_path="/segments")
        strict.settle()
        strict.check_readable("主管 /segments")
        vip = rows(page).filter(has_text="VIP 客户")
        expect(vip).to_contain_text("标签 包含「VIP」")
        vip_count = vip.locator("td").nth(2).inner_text()

        page.click("[data-test=segment-add]")
        strict.settle()
        count = page.locator("[data-test=preview-count]")
        rule = page.locator("[data-test=segment-rule]")
        choose(page, rule.first.locator("[data-test=rule-value]"), "VIP")
        expect(count).to_contain_text(vip_count.replace(" 人", ""))

        page.click("[data-test=rule-add]")
        second = rule.nth(1)
        choose(page, second.locator("[data-test=rule-field]"), "消费金额")
        second.locator("[data-test=rule-value] input").fill("1500")
        second.locator("[data-test=rule-value] input").press("Tab")
        expect(page.locator(".summary")).to_contain_text(
            "标签 包含「VIP」，且消费金额 不少于 1500 元"
        )
        page.locator("[data-test=segment-match]").get_by_text("满足任一条件").click()
        expect(page.locator(".summary")).to_contain_text("，或消费金额")
        strict.settle()

        page.locator("[data-test=segment-name]").fill("VIP 客户")
        strict.allowed_statuses.add(422)
        page.click("[data-test=segment-save]")
        expect(page.locator("[data-test=segment-error]")).to_contain_text(
            "已有名为 VIP 客户 的分群"
        )
        expect(rule).to_have_count(2)
        page.locator("[data-test=segment-name]").fill("VIP 或高消费")
        page.click("[data-test=segment-save]")
        toast(page, "已保存「VIP 或高消费」")
        expect(page).to_have_url(re.compile(r"/segments/seg_"))
        page.get_by_text("客户分群", exact=True).first.click()
        strict.settle()
        expect(rows(page).filter(has_text="VIP 或高消费")).to_contain_text("或消费金额")
        strict.check()


def test_agents_see_segments_but_do_not_change_them(demo_server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        quiet_bell(strict)
        page = strict.page
        strict.log_in("xiaomei", next_path="/segments")
        strict.settle()
        strict.check_readable("售前 /segments")
        expect(page.locator("[data-test=segment-add]")).to_have_count(0)
        rows(page).filter(has_text="高消费客户").locator(".el-link").click()
        strict.settle()
        strict.check_readable("售前 分群详情")
        expect(page.locator("[data-test=segment-save]")).to_have_count(0)
        expect(page.locator("[data-test=segment-name]")).to_be_disabled()
        expect(page.locator("[data-test=preview-count]")).to_contain_text("人")
        strict.open("/campaigns")
        expect(page.locator("main")).to_contain_text("无权访问")
        strict.check()

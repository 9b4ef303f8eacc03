"""The 投诉, 中差评 and 任务 pages in headless Chromium, opened by the roles that use them and held
to the strict checks (tests/app_browser.py): a complaint followed up, resolved and gone from the
open tab, and one opened by picking the buyer; a review's contact logged and its result
recorded; tasks of mine, my group's and everyone's, skipped with a reason and done with a note;
a role that may not open a page gets the Chinese 403 page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests import live
from tests.aftersale_work import OpenWork, shop_with_open_work
from tests.app_browser import StrictPage, strict_page
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def shop(demo_database: Path, tmp_path: Path) -> Iterator[tuple[live.Server, OpenWork]]:
    with shop_with_open_work(demo_database, tmp_path) as served:
        yield served


def rows(page: Page) -> Locator:
    return page.locator(".el-table__body tr")


def open_row(strict: StrictPage, row: Locator) -> None:
    row.locator(".el-link").first.click()
    strict.settle()


def test_complaints_followed_up_resolved_and_opened(shop: tuple[live.Server, OpenWork]) -> None:
    server, work = shop
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("xiaowang", next_path="/complaints")
        page = strict.page
        strict.check_readable("售后 /complaints")
        first = rows(page).first
        expect(first).to_have_class(re.compile("is-overdue"))  # the demo's are past their promise
        expect(first).to_contain_text("已超时")
        complaint_id = first.locator(".el-link").first.inner_text()
        open_row(strict, first)
        expect(page).to_have_url(re.compile(f"/complaints/{complaint_id}$"))
        expect(page.locator("[data-test=case-status]")).to_have_text("处理中")
        strict.check_readable("售后 complaint detail")

        page.locator("[data-test=followup-text]").fill("已电话联系买家，同意补偿 10 元")
        page.locator("[data-test=followup]").click()
        timeline = page.locator("[data-test=timeline]")
        expect(timeline).to_contain_text("小王 · 跟进（电话）")
        expect(timeline).to_contain_text("已电话联系买家，同意补偿 10 元")
        expect(page.locator("[data-test=followup-text]")).to_have_value("")
        page.locator("[data-test=resolution]").fill("补偿 10 元无门槛券")
        page.locator("[data-test=resolve]").click()
        page.locator(".el-message-box").get_by_role("button", name="确定解决").click()
        expect(page.locator("[data-test=case-status]")).to_have_text("已解决")
        expect(page.locator("[data-test=actions]")).to_have_count(0)
        expect(timeline).to_contain_text("小王 · 解决")

        page.locator("[data-test=back]").click()
        strict.settle()
        expect(page.locator("[data-test=state-tabs] [data-tab=open]")).to_have_class(
            re.compile("is-active")
        )
        expect(page.locator(".el-table__body")).not_to_contain_text(complaint_id)

        page.locator("[data-test=open-complaint]").click()
        dialog = page.locator("[data-test=open-complaint-dialog]")
        dialog.locator("[data-test=buyer-picker] input").fill(work.journey_buyer)
        page.locator(".el-select-dropdown__item:visible", has_text=work.journey_buyer).click()
        dialog.locator("[data-test=summary]").fill("买家说商品与描述不符")
        dialog.locator("[data-test=open-submit]").click()
        expect(page).to_have_url(re.compile(r"/complaints/TS\d{12}$"))
        strict.settle()
        expect(page.locator("[data-test=case-status]")).to_have_text("处理中")
        expect(page.locator("[data-test=buyer]")).to_have_text(work.journey_buyer)
        expect(page.locator("[data-test=timeline]")).to_contain_text("小王 · 受理并承诺")
        strict.check_readable("售后 new complaint")

        hotline = strict_page(browser, server)
        hotline.log_in("xiaozhao")
        for path in ("/complaints", "/reviews"):
            hotline.open(path)
            expect(hotline.page.locator(".el-table__body tr").first).to_be_visible()
            hotline.check_readable(f"热线 {path}")
        hotline.open("/refunds")  # 热线 does not handle refunds
        expect(hotline.page.locator("main")).to_contain_text("无权访问")
        hotline.check()
        strict.check()


def test_review_contact_and_result(shop: tuple[live.Server, OpenWork]) -> None:
    server, work = shop
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("lanlan", next_path="/reviews")
        page = strict.page
        strict.check_readable("售后 /reviews")
        expect(rows(page).filter(has_text="已超时").first).to_have_class(re.compile("is-overdue"))
        row = rows(page).filter(has_text=work.review)
        expect(row).to_contain_text("兰兰")  # who last contacted the buyer
        open_row(strict, row)
        expect(page.locator("[data-test=case-status]")).to_have_text("待处理")
        strict.check_readable("售后 review detail")

        page.locator("[data-test=contact-text]").fill("已短信告知买家补发")
        page.locator("[data-test=contact]").click()
        expect(page.locator("[data-test=timeline]")).to_contain_text("兰兰 · 联系买家（电话）")
        expect(page.locator("main")).to_contain_text("2 次")

        page.locator("[data-result=malicious]").click()
        dialog = page.locator("[data-test=result-dialog]")
        dialog.locator("[data-test=result-note]").fill("同行恶意差评")
        dialog.locator("[data-test=result-submit]").click()
        expect(dialog).to_contain_text("恶意评价需要留存证据")
        expect(dialog.locator("[data-test=result-note]")).to_have_value("同行恶意差评")
        dialog.get_by_role("button", name="取消").click()

        page.locator("[data-result=explained]").click()
        dialog.locator("[data-test=result-note]").fill("已向买家说明盒子在运输中压扁，补发新盒")
        dialog.locator("[data-test=result-submit]").click()
        expect(page.locator("[data-test=case-status]")).to_have_text("已处理")
        expect(page.locator("main")).to_contain_text("已解释说明")
        page.locator("[data-test=back]").click()
        strict.settle()
        expect(page.locator(".el-table__body")).not_to_contain_text(work.review)
        strict.check()

        boss = strict_page(browser, server)
        boss.log_in("wangjie")
        for path in ("/refunds?tab=all", f"/refunds/{work.refunds[4]}", "/reviews?tab=handled"):
            boss.open(path)
            boss.check_readable(f"主管 {path}")
        expect(boss.page.locator(".el-table__body")).to_contain_text(work.review)
        boss.check()


def task_row(page: Page, title: str) -> Locator:
    return rows(page).filter(has_text=title)


def test_tasks_mine_team_and_all(shop: tuple[live.Server, OpenWork]) -> None:
    server, _work = shop
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("xiaowang", next_path="/tasks")
        page = strict.page
        strict.check_readable("售后 /tasks")
        late = task_row(page, "回访：确认买家收到补发的配件")
        expect(late).to_have_class(re.compile("is-overdue"))
        expect(late).to_contain_text("已超时 3 小时")
        expect(late).to_contain_text("小王")
        care = task_row(page, "关怀：买家生日问候")
        expect(care).to_contain_text("还剩")

        care.locator("[data-test=skip]").click()
        dialog = page.locator("[data-test=finish-dialog]")
        dialog.locator("[data-test=finish-submit]").click()
        expect(dialog).to_contain_text("跳过需要说明原因")
        dialog.locator("[data-test=finish-note]").fill("买家已注销账号")
        dialog.locator("[data-test=finish-submit]").click()
        expect(care).to_have_count(0)
        late.locator("[data-test=done]").click()
        dialog.locator("[data-test=finish-note]").fill("买家已收到配件")
        dialog.locator("[data-test=finish-submit]").click()
        expect(late).to_have_count(0)
        strict.settle()

        page.locator("[data-test=status-filter]").click()
        page.locator(".el-select-dropdown__item:visible", has_text="已完成").click()
        strict.settle()
        expect(task_row(page, "回访：确认买家收到补发的配件")).to_contain_text("买家已收到配件")
        page.locator("[data-test=scope] [data-scope=team]").click()
        strict.settle()
        expect(page.locator("[data-test=scope]")).to_contain_text("本组（售后组）")
        page.locator("[data-test=status-filter]").click()
        page.locator(".el-select-dropdown__item:visible", has_text="待办").click()
        strict.settle()
        expect(rows(page).filter(has_text="售后组 · 待认领").first).to_be_visible()
        strict.check_readable("售后 /tasks team")
        strict.check()

        boss = strict_page(browser, server)
        boss.log_in("wangjie", next_path="/tasks")
        expect(boss.page.locator("[data-test=scope] [data-scope=all]")).to_have_class(
            re.compile("is-active")
        )
        boss.page.locator("[data-test=kind-filter]").click()
        boss.page.locator(".el-select-dropdown__item:visible", has_text="投诉升级").click()
        boss.settle()
        expect(boss.page.locator(".el-table__body")).to_contain_text("主管（已升级）")
        boss.check_readable("主管 /tasks")
        boss.check()

        for login, role in (("xiaomei", "售前"), ("laochen", "审单"), ("zhoujie", "退款审核")):
            other = strict_page(browser, server)
            other.log_in(login, next_path="/tasks")
            expect(other.page.locator("[data-test=scope] [data-scope=all]")).to_have_count(0)
            expect(other.page.locator(".el-table")).to_be_visible()
            other.check_readable(f"{role} /tasks")
            other.check()


def test_the_aftersale_lead_hands_a_complaint_to_one_of_her_people(
    shop: tuple[live.Server, OpenWork],
) -> None:
    """售后主管 大刚 moves an open complaint to another of her 售后组 (改派): the 负责人 changes,
    the log says who moved it from whom, and the page offers only her people."""
    server, _work = shop
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("dagang", next_path="/complaints")
        page = strict.page
        open_row(strict, rows(page).first)
        owner = page.locator("[data-test=owner]")
        before = owner.inner_text()
        page.locator("[data-test=reassign]").click()
        choices = page.locator(".el-select-dropdown__item:visible")
        expect(choices).to_have_text(["兰兰", "小王"])  # 售后组; 大刚 leads it, is not in it
        expect(choices.filter(has_text=before)).to_have_class(re.compile("is-disabled"))
        after = "兰兰" if before != "兰兰" else "小王"
        choices.filter(has_text=after).click()
        expect(owner).to_have_text(after)
        expect(page.locator("[data-test=timeline]")).to_contain_text(
            re.compile(f"大刚 · 改派\\s*负责人由 {before} 改为 {after}")
        )
        strict.check_readable("售后主管 complaint detail")
        strict.open("/complaints")  # the list, by 负责人: every row is hers
        page.locator("[data-test=owner-filter]").click()
        page.locator(".el-select-dropdown__item:visible", has_text=after).click()
        strict.settle()
        expect(rows(page).first).to_contain_text(after)
        expect(rows(page).filter(has_text=before)).to_have_count(0)
        strict.check()


def test_the_aftersale_lead_hands_out_her_groups_waiting_tasks(
    shop: tuple[live.Server, OpenWork],
) -> None:
    """大刚's 任务 opens on 本组（售后组）: its queue and what his people hold. He gives a task
    waiting in the queue (待认领) to 兰兰; the row then names her."""
    server, _work = shop
    with chromium() as browser:
        strict = strict_page(browser, server)
        strict.log_in("dagang", next_path="/tasks")
        page = strict.page
        expect(page.locator("[data-test=scope] [data-scope=team]")).to_have_class(
            re.compile("is-active")
        )
        expect(page.locator("[data-test=scope]")).to_contain_text("本组（售后组）")
        waiting = rows(page).filter(has_text="售后组 · 待认领").first
        title = waiting.locator("td").first.inner_text()
        waiting.locator("[data-test=assign-task]").click()
        choices = page.locator(".el-select-dropdown__item:visible")
        expect(choices).to_have_text(["兰兰", "小王"])
        choices.filter(has_text="兰兰").click()
        expect(page.locator(".el-message--success")).to_contain_text("已指派给兰兰")
        strict.settle()
        expect(rows(page).filter(has_text=title).first).to_contain_text("兰兰")
        strict.check_readable("售后主管 /tasks")
        strict.check()

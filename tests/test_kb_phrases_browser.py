"""The supervisor's 知识库 and 快捷短语 pages in the staff app, and what agents may do there:
lists with filters and search, add/edit in a drawer or dialog, enable/disable, delete with a
confirmation, CSV in and out; a refused save keeps what was typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import live
from tests.app_browser import strict_page
from tests.app_forms import choose, confirm, quiet_bell, rows, toast
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_supervisor_keeps_the_knowledge_base(demo_server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        quiet_bell(strict)
        page = strict.page
        strict.log_in("wangjie", next_path="/kb")
        strict.settle()
        strict.check_readable("主管 /kb")
        expect(rows(page)).to_have_count(20)  # the demo's starter FAQ, first page
        expect(page.locator(".el-pagination__total")).to_contain_text("共 22 条")

        choose(page, page.locator("[data-test=filter-intent]"), "发票")
        strict.settle()
        expect(rows(page)).to_have_count(1)
        expect(rows(page).first).to_contain_text("发票")
        choose(page, page.locator("[data-test=filter-intent]"), "库存")
        strict.settle()

        page.click("[data-test=kb-add]")
        drawer = page.locator("[data-test=kb-drawer]")
        choose(page, drawer.locator("[data-test=kb-intent]"), "库存")
        drawer.locator("[data-test=kb-question]").fill("黑色还有货吗")
        drawer.locator("[data-test=kb-question]").press("Enter")
        drawer.locator("[data-test=kb-question]").fill("白色有吗")
        drawer.locator("textarea").fill("亲，{库存数}")
        strict.allowed_statuses.add(422)
        drawer.locator("[data-test=kb-save]").click()
        expect(drawer.locator("[data-test=kb-error]")).to_contain_text("库存数")
        # Refused: the drawer stays open with everything typed, the pending question added.
        expect(drawer.locator(".el-tag")).to_have_text(["黑色还有货吗", "白色有吗"])
        drawer.locator("textarea").fill("亲，{商品名}现在有货，拍下就发哦")
        drawer.locator("[data-test=kb-save]").click()
        toast(page, "已新增问答")
        strict.settle()
        row = rows(page).filter(has_text="黑色还有货吗")
        expect(row).to_contain_text("另 1 个问法")
        expect(row).to_contain_text("全店通用")

        row.locator(".el-switch").click()
        toast(page, "已停用")
        choose(page, page.locator("[data-test=filter-enabled]"), "停用")
        strict.settle()
        expect(rows(page)).to_have_count(1)

        rows(page).first.get_by_role("button", name="删除").click()
        confirm(page, "删除")
        toast(page, "已删除")
        strict.settle()
        expect(page.locator(".list-page .el-table__empty-text")).to_have_text("暂无数据")
        export = page.locator("[data-test=csv-export]")
        expect(export).to_have_attribute("href", "/api/v1/bot/kb.csv")
        strict.check_readable("主管 /kb 操作后")
        strict.check()


def test_agents_read_the_knowledge_base_without_changing_it(demo_server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        quiet_bell(strict)
        page = strict.page
        strict.log_in("xiaomei", next_path="/kb")
        strict.settle()
        strict.check_readable("售前 /kb")
        expect(page.locator("[data-test=kb-add]")).to_have_count(0)
        expect(page.locator("[data-test=csv-import]")).to_have_count(0)
        expect(rows(page).first.locator(".el-switch")).to_have_count(0)
        strict.search("发票")
        rows(page).first.locator(".el-link").first.click()
        drawer = page.locator("[data-test=kb-drawer]")
        expect(drawer).to_contain_text("查看问答")
        expect(drawer.locator("[data-test=kb-save]")).to_have_count(0)
        strict.check()


def test_phrases_team_for_the_supervisor_own_for_each_agent(
    demo_server: live.Server, tmp_path: object
) -> None:
    with chromium() as browser:
        agent = strict_page(browser, demo_server)
        quiet_bell(agent)
        page = agent.page
        agent.log_in("xiaomei", next_path="/phrases")
        agent.settle()
        agent.check_readable("售前 /phrases")
        team_row = rows(page).filter(has_text="/fh")
        expect(team_row).to_contain_text("团队短语")
        expect(team_row).to_contain_text("仅主管可改")

        page.click("[data-test=phrase-add]")
        dialog = page.locator("[data-test=phrase-dialog]")
        expect(dialog.get_by_role("radio", name="团队短语（全组可用）")).to_be_disabled()
        dialog.locator("[data-test=phrase-shortcut]").fill("/mm")
        dialog.locator("textarea").fill("亲，")
        dialog.get_by_role("button", name="{买家昵称}").click()
        dialog.locator("textarea").press("End")
        dialog.locator("textarea").press_sequentially("，{收货人}的订单{订单号}今天发出")
        agent.allowed_statuses.add(422)
        dialog.locator("[data-test=phrase-save]").click()
        expect(dialog.locator("[data-test=phrase-error]")).to_contain_text("未知变量：收货人")
        typed = "亲，{买家昵称}，{收货人}的订单{订单号}今天发出"
        expect(dialog.locator("textarea")).to_have_value(typed)
        dialog.locator("textarea").fill(typed.replace("{收货人}的", "您的"))
        dialog.locator("[data-test=phrase-save]").click()
        toast(page, "已新增短语")
        agent.settle()
        mine = rows(page).filter(has_text="/mm")
        expect(mine).to_contain_text("个人短语")
        expect(mine).to_contain_text("{买家昵称}")
        expect(mine).to_contain_text("{订单号}")
        expect(mine.get_by_role("button", name="编辑")).to_be_visible()

        csv = "shortcut,text,group,scope\n/dd,亲，请稍等,等待,personal\n"
        page.locator("[data-test=csv-file]").set_input_files(
            files=[{"name": "p.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
        )
        toast(page, "已导入 1 条")
        agent.settle()
        expect(rows(page).filter(has_text="/dd")).to_contain_text("等待")
        agent.check_readable("售前 /phrases 操作后")
        agent.check()

        boss = strict_page(browser, demo_server)
        quiet_bell(boss)
        boss.log_in("wangjie", next_path="/phrases")
        boss.settle()
        boss.check_readable("主管 /phrases")
        expect(rows(boss.page).filter(has_text="/mm")).to_have_count(0)  # 小美's own
        team = rows(boss.page).filter(has_text="/fh")
        team.get_by_role("button", name="删除").click()
        confirm(boss.page, "删除")
        toast(boss.page, "已删除")
        boss.settle()
        expect(rows(boss.page).filter(has_text="/fh")).to_have_count(0)
        boss.check()

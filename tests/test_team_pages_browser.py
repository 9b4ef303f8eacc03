"""The supervisor's 客服账号 and 客服分组 pages in the staff app (issue 13): add an agent and hand
her the password shown once, edit her in the drawer, reset her password, disable and enable her;
add, rename and delete a group, with the server's reason when it refuses."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests import live
from tests.app_browser import StrictPage, strict_page
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def choose(page: Page, select: str, option: str) -> None:
    """Pick an option of an Element Plus select."""
    page.locator(select).click()
    page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


def row(page: Page, text: str) -> Locator:
    return page.locator(".el-table__body-wrapper tr", has_text=text)


def confirm(page: Page, button: str) -> None:
    page.locator(".el-message-box button", has_text=button).click()


def logs_in(server: live.Server, login: str, password: str) -> int:
    answer = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"login": login, "password": password}
    )
    return answer.status_code


def shown_password(strict: StrictPage) -> str:
    dialog = strict.page.locator(".el-dialog", has_text="密码只显示这一次")
    expect(dialog).to_be_visible()
    password = dialog.locator("[data-test=password]").inner_text().strip()
    assert len(password) >= 8
    strict.check_readable("password dialog")
    dialog.locator("button", has_text="复制").click()
    expect(strict.page.locator(".el-message", has_text="密码已复制")).to_be_visible()
    assert strict.page.evaluate("navigator.clipboard.readText()") == password
    dialog.locator("button", has_text="我已记下").click()
    expect(dialog).to_be_hidden()
    return password


def test_supervisor_adds_edits_resets_and_disables_an_agent(demo_server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        strict.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = strict.page
        strict.log_in("wangjie", next_path="/agents")
        strict.settle()
        expect(page.locator("aside")).to_contain_text("管理")
        expect(row(page, "xiaomei")).to_contain_text("售前客服")
        expect(row(page, "xiaomei")).to_contain_text("售前组")
        strict.check_readable("主管 /agents")

        # The role filter: only the shop's supervisor.
        choose(page, "[data-test=filter-role]", "主管")
        expect(page.locator(".el-table__body-wrapper tr.el-table__row")).to_have_count(1)
        expect(row(page, "wangjie")).to_be_visible()
        page.locator("[data-test=filter-role] .el-select__wrapper").hover()
        page.locator("[data-test=filter-role] .el-select__clear").click()
        expect(row(page, "xiaomei")).to_be_visible()

        # A new agent: the generated password is shown once, and it logs her in.
        page.locator("[data-test=add]").click()
        dialog = page.locator("[data-test=add-agent]")
        dialog.locator("[data-test=submit]").click()
        expect(dialog).to_contain_text("请填写登录名")  # checked before anything is sent
        dialog.locator("[data-test=login]").fill("xiaoyu")
        dialog.locator("[data-test=name]").fill("小雨")
        choose(page, "[data-test=add-agent] [data-test=role]", "售前客服")
        choose(page, "[data-test=add-agent] [data-test=group]", "售前组")
        dialog.locator("[data-test=submit]").click()
        password = shown_password(strict)
        assert logs_in(demo_server, "xiaoyu", password) == 200
        page.locator("[data-test=search]").fill("xiaoyu")
        expect(page.locator(".el-table__body-wrapper tr.el-table__row")).to_have_count(1)
        expect(row(page, "xiaoyu")).to_contain_text("小雨")
        expect(row(page, "xiaoyu")).to_contain_text("在职")

        # Edit in the drawer: another group, more chats at once.
        row(page, "xiaoyu").locator("[data-test=edit]").click()
        drawer = page.locator(".el-drawer", has_text="编辑客服：小雨")
        expect(drawer).to_be_visible()
        choose(page, ".el-drawer [data-test=group]", "售后组")
        drawer.locator("[data-test=max] input").fill("12")
        drawer.locator("[data-test=max] input").press("Tab")
        drawer.locator("[data-test=save]").click()
        expect(drawer).to_be_hidden()
        expect(row(page, "xiaoyu")).to_contain_text("售后组")
        expect(row(page, "xiaoyu")).to_contain_text("12")

        # Reset: a new password shown once; the old one no longer works.
        row(page, "xiaoyu").locator("[data-test=reset]").click()
        page.locator("[data-test=confirm-reset]").click()
        new_password = shown_password(strict)
        assert new_password != password
        assert logs_in(demo_server, "xiaoyu", password) == 401
        assert logs_in(demo_server, "xiaoyu", new_password) == 200

        # Disable (confirmed first): she cannot log in; enable again.
        row(page, "xiaoyu").locator("[data-test=toggle]").click()
        confirm(page, "停用")
        expect(row(page, "xiaoyu")).to_contain_text("已停用")
        assert logs_in(demo_server, "xiaoyu", new_password) != 200
        row(page, "xiaoyu").locator("[data-test=toggle]").click()
        confirm(page, "启用")
        expect(row(page, "xiaoyu")).to_contain_text("在职")
        assert logs_in(demo_server, "xiaoyu", new_password) == 200

        # The server's refusal, in Chinese: the shop keeps its last supervisor.
        strict.allowed_statuses.add(409)
        strict.search("wangjie")
        row(page, "wangjie").locator("[data-test=toggle]").click()
        confirm(page, "停用")
        expect(page.locator(".el-message--error")).to_contain_text("店铺至少要保留一名在职主管")
        expect(row(page, "wangjie")).to_contain_text("在职")
        strict.problems[:] = [p for p in strict.problems if "status of 409" not in p]
        strict.check()


def test_supervisor_adds_renames_and_deletes_a_group(demo_server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        page = strict.page
        strict.log_in("wangjie", next_path="/groups")
        strict.settle()
        presale = row(page, "售前组")
        expect(presale).to_contain_text("售前咨询分到此组")
        expect(presale.locator("td").nth(3)).to_have_text("3")  # 小美, 小丽, 阿杰
        strict.check_readable("主管 /groups")

        page.locator("[data-test=add-group]").click()
        page.locator("[data-test=group-name]").fill("夜班组")
        page.locator("[data-test=group-submit]").click()
        expect(row(page, "夜班组")).to_contain_text("0")

        row(page, "夜班组").locator("[data-test=rename]").click()
        page.locator("[data-test=group-name]").fill("夜班一组")
        page.locator("[data-test=group-submit]").click()
        expect(row(page, "夜班一组")).to_be_visible()
        expect(row(page, "夜班组")).to_have_count(0)

        # A taken name is refused, and the dialog keeps what was typed.
        strict.allowed_statuses.add(409)
        page.locator("[data-test=add-group]").click()
        page.locator("[data-test=group-name]").fill("售后组")
        page.locator("[data-test=group-submit]").click()
        expect(page.locator("[data-test=group-dialog] [data-test=form-error]")).to_contain_text(
            "已存在"
        )
        expect(page.locator("[data-test=group-name]")).to_have_value("售后组")
        page.locator("[data-test=group-dialog] button", has_text="取消").click()

        # The shop routes chats to 售前组: deleting it is refused with the reason.
        presale.locator("[data-test=delete]").click()
        confirm(page, "删除")
        refusal = page.locator(".el-message-box", has_text="不能删除")
        expect(refusal).to_contain_text("分流组")
        confirm(page, "知道了")
        expect(row(page, "售前组")).to_be_visible()

        row(page, "夜班一组").locator("[data-test=delete]").click()
        confirm(page, "删除")
        expect(row(page, "夜班一组")).to_have_count(0)
        strict.problems[:] = [p for p in strict.problems if "status of 409" not in p]
        strict.check()


def test_only_the_supervisor_has_the_management_pages(demo_server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        strict.log_in("xiaomei")
        expect(strict.page.locator("aside")).not_to_contain_text("客服账号")
        expect(strict.page.locator("aside")).not_to_contain_text("店铺设置")
        for path in ("/agents", "/groups", "/settings"):
            strict.open(path)
            expect(strict.page.locator("main")).to_contain_text("无权访问")
        strict.check()


def test_a_lead_sees_only_her_groups_people(demo_server: live.Server) -> None:
    """李娜 (售前主管 of 售前组): her agents, her group, no new accounts, no 售后组."""
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        page = strict.page
        strict.log_in("lina", next_path="/agents")
        strict.settle()
        expect(row(page, "xiaomei")).to_be_visible()
        expect(row(page, "xiaowang")).to_have_count(0)
        expect(page.locator("[data-test=add]")).to_have_count(0)
        strict.check_readable("售前主管 /agents")
        page.goto(f"{demo_server.url}/groups")
        strict.settle()
        expect(row(page, "售前组")).to_contain_text("李娜")
        expect(row(page, "售后组")).to_have_count(0)
        strict.check()

"""Working Element Plus controls from browser tests of the staff app: choosing from a
dropdown, answering a confirmation, reading the toast; and the notification bell's poll
answered empty while its endpoint is missing."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, Route, expect

from tests.app_browser import StrictPage


def choose(page: Page, select: Locator, option: str) -> None:
    """Open an el-select and click the option with exactly this text."""
    select.click()
    item = page.locator(".el-select-dropdown__item:visible").filter(has_text=option)
    item.first.click()


def confirm(page: Page, button: str) -> None:
    """Press ``button`` in the open ElMessageBox."""
    box = page.locator(".el-message-box:visible")
    expect(box).to_be_visible()
    box.get_by_role("button", name=button).click()


def toast(page: Page, text: str) -> None:
    expect(page.locator(".el-message").filter(has_text=text).first).to_be_visible()


def rows(page: Page) -> Locator:
    """The rows of the page's (first) list table."""
    return page.locator(".list-page .el-table__body-wrapper .el-table__row")


def quiet_bell(strict: StrictPage) -> None:
    """The shell polls /api/v1/notifications, which another branch adds; until it is there
    the poll is answered with no notices, so these tests judge only their own pages. Once
    the endpoint answers, its real response passes through untouched."""

    def bell(route: Route) -> None:
        response = route.fetch()
        if response.status == 404:
            route.fulfill(json={"items": []})
        else:
            route.fulfill(response=response)

    strict.page.route("**/api/v1/notifications", bell)

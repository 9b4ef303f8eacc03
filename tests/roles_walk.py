"""Issue 13, acceptance 2, shared by the two role files: for each role, log in, open every page
its sidebar offers, and fail on any console error, failed request, request to another host, raw
JSON shown as a page, or visible English enum (tests/app_browser.py). The sidebar is read from
the page itself, so a page added to a role's menu is checked without touching a test.

The walk is split over two test files so that pytest-xdist (``--dist loadfile``) runs the halves
on both workers at once; the supervisor's long sidebar is shared between them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import live
from tests.app_browser import serve_demo_copy, strict_page
from tests.browser import chromium

# One demo account per role (kefu demo prints them).
ROLE_LOGINS = {
    "presale": "xiaomei",
    "aftersale": "xiaowang",
    "order_review": "laochen",
    "refund_review": "zhoujie",
    "qc": "liulaoshi",
    "hotline": "xiaozhao",
    "supervisor": "wangjie",
    "aftersale_lead": "dagang",
    "presale_lead": "lina",
    "qc_lead": "qinjie",
    "hotline_lead": "laowu",
}
# Pages a role's sidebar must offer, beyond reading well: a lead works her desk (models/team.py).
DESK_PAGES = {
    "aftersale_lead": {"/refunds", "/complaints", "/service-orders", "/parcels"},
    "presale_lead": {"/followups", "/tasks"},
    "qc_lead": {"/qc", "/dashboard", "/hotline/calls"},
    "hotline_lead": {"/hotline", "/complaints", "/service-orders", "/parcels", "/tasks"},
}
# The roles each file walks whole; both walk half of the supervisor's long sidebar.
FIRST_FILE = ("presale", "aftersale", "order_review", "presale_lead", "qc_lead")
SECOND_FILE = ("refund_review", "qc", "hotline", "aftersale_lead", "hotline_lead")


@pytest.fixture(scope="module")
def shop(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[live.Server]:
    """One server for every role: the test only opens pages, so the roles can share a shop."""
    with serve_demo_copy(demo_database, tmp_path_factory.mktemp("roles")) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the file; each walk has its own context (cookies, storage)."""
    with chromium() as launched:
        yield launched


def sidebar_paths(page: Page) -> list[str]:
    links = page.locator("aside .el-menu-item")
    expect(links.first).to_be_visible()
    return [link.get_attribute("data-path") or "" for link in links.all()]


def walk(browser: Browser, shop: live.Server, role: str, *, part: int = 0, parts: int = 1) -> None:
    """The role's sidebar pages, every ``parts``-th from the ``part``-th, each opened by its
    link and read like a person would."""
    strict = strict_page(browser, shop)
    strict.log_in(ROLE_LOGINS[role])
    paths = sidebar_paths(strict.page)
    assert paths, f"{role} has no pages in the sidebar"
    assert all(path.startswith("/") for path in paths), paths
    assert DESK_PAGES.get(role, set()) <= set(paths), paths
    for path in paths[part::parts]:
        strict.follow_sidebar(path)
        expect(strict.page.locator("main")).not_to_contain_text("页面不存在")
        expect(strict.page.locator("main")).not_to_contain_text("无权访问")
        strict.check_readable(f"{role} {path}")
    strict.page.context.close()
    strict.check()

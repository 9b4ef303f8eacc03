"""The pages work under the Content-Security-Policy: a CSP violation is a console error,
which the strict page counts as a problem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import live
from tests.app_browser import serve_demo_copy, strict_page
from tests.browser import chromium

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shop(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[live.Server]:
    """One demo shop for both: they only open pages."""
    with serve_demo_copy(demo_database, tmp_path_factory.mktemp("csp")) as served:
        yield served


def test_swagger_ui_works_under_the_csp(shop: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, shop)
        strict.page.goto(f"{shop.url}/docs")
        expect(strict.page.locator(".opblock").first).to_be_visible(timeout=20_000)
        expect(strict.page.locator(".information-container")).to_contain_text("Kefu")
        strict.check()


def test_the_workbench_works_under_the_csp(shop: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, shop)
        strict.log_in("wangjie", next_path="/settings")
        strict.open("/")
        strict.check()

"""The pages work under the Content-Security-Policy: a CSP violation is a console error,
which the strict page counts as a problem."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import live
from tests.app_browser import strict_page
from tests.browser import chromium

pytestmark = pytest.mark.slow


def test_swagger_ui_works_under_the_csp(demo_server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        strict.page.goto(f"{demo_server.url}/docs")
        expect(strict.page.locator(".opblock").first).to_be_visible(timeout=20_000)
        expect(strict.page.locator(".information-container")).to_contain_text("Kefu")
        strict.check()


def test_the_workbench_works_under_the_csp(demo_server: live.Server) -> None:
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        strict.log_in("wangjie")
        strict.open("/settings")
        strict.open("/")
        strict.check()

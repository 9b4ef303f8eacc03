"""Issue 13, acceptance 2 (first half): every page in the sidebar of these roles reads as a page
(tests/roles_walk.py; the other roles are in test_app_roles_more_browser.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests import live
from tests.roles_walk import FIRST_FILE, browser, shop, walk  # noqa: F401 (module fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("role", FIRST_FILE)
def test_every_page_in_the_roles_sidebar_reads_as_a_page(
    browser: Browser,  # noqa: F811
    shop: live.Server,  # noqa: F811
    role: str,
) -> None:
    walk(browser, shop, role)


def test_the_supervisors_sidebar_first_half(
    browser: Browser,  # noqa: F811
    shop: live.Server,  # noqa: F811
) -> None:
    walk(browser, shop, "supervisor", part=0, parts=2)

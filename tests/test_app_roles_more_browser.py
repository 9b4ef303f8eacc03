"""Issue 13, acceptance 2 (second half): every page in the sidebar of these roles reads as a
page (tests/roles_walk.py; the other roles are in test_app_roles_browser.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests import live
from tests.roles_walk import FIRST_FILE, ROLE_LOGINS, SECOND_FILE, browser, shop, walk  # noqa: F401 (module fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("role", SECOND_FILE)
def test_every_page_in_the_roles_sidebar_reads_as_a_page(
    browser: Browser,  # noqa: F811
    shop: live.Server,  # noqa: F811
    role: str,
) -> None:
    walk(browser, shop, role)


def test_the_supervisors_sidebar_second_half(
    browser: Browser,  # noqa: F811
    shop: live.Server,  # noqa: F811
) -> None:
    walk(browser, shop, "supervisor", part=1, parts=2)


def test_the_two_files_walk_every_role() -> None:
    assert {*FIRST_FILE, *SECOND_FILE, "supervisor"} == set(ROLE_LOGINS)

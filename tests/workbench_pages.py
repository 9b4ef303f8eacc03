"""The agent's workbench and the supervisor's live view in the browser (web/src/domains/chat):
logging an agent in on a strict page, and the ``data-test`` names the pages promise to tests
(journey tests reuse them)."""

from __future__ import annotations

import httpx
from playwright.sync_api import Browser, Locator, expect

from tests import live
from tests.app_browser import StrictPage, strict_page

PASSWORD = "s3cret-pass"  # tests/chat_helpers.agent's

CONVERSATION = "[data-test=conversation-item]"  # an item of the conversation list
TITLE = "[data-test=conversation-title]"
MESSAGES = "[data-test=messages]"
MESSAGE_TEXT = "[data-test=message-text]"
REPLY = "textarea[data-test=reply]"
PANEL = "[data-test=customer-panel]"


def messages_from(strict: StrictPage, sender: str) -> Locator:
    """The texts of the open conversation's messages from buyer, agent, bot or system."""
    return strict.page.locator(f"[data-test=message][data-from={sender}] {MESSAGE_TEXT}")


def staff_page(browser: Browser, server: live.Server) -> StrictPage:
    """A strict page; the shell's notification poll is answered while this server has no
    /api/v1/notifications yet (another branch adds it; then the real one answers)."""
    strict = strict_page(browser, server)
    if httpx.get(f"{server.url}/api/v1/notifications").status_code == 404:
        strict.page.route(
            "**/api/v1/notifications", lambda route: route.fulfill(json={"items": []})
        )
    return strict


def open_workbench(browser: Browser, server: live.Server, login: str) -> StrictPage:
    strict = staff_page(browser, server)
    strict.log_in(login, PASSWORD, next_path="/workbench")
    expect(strict.page.locator("[data-test=conversation-list]")).to_be_visible()
    return strict


def open_first_conversation(strict: StrictPage) -> None:
    first = strict.page.locator(CONVERSATION).first
    expect(first).to_be_visible()
    first.click()
    expect(strict.page.locator(TITLE)).to_be_visible()

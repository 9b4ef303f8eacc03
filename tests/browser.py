"""Headless Chromium from Debian (/usr/bin/chromium), driven by Playwright. No browser download."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


def log_in_to_workbench(
    page: Page, server_url: str, login: str, password: str = "s3cret-pass"
) -> None:
    """Open the workbench as this agent, through the staff app's login form."""
    page.goto(f"{server_url}/workbench")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/workbench")


def buyer_says(browser: Browser, server_url: str, text: str, *, query: str = "") -> Page:
    """A buyer opens the chat page (``query``: a signed identity) and sends one message."""
    buyer = browser.new_context().new_page()
    buyer.goto(f"{server_url}/chat{'?' + query if query else ''}")
    expect(buyer.locator("#status")).not_to_have_text("连接中…")
    buyer.fill("#text", text)
    buyer.press("#text", "Enter")
    expect(buyer.locator("#messages li.from-buyer")).to_have_count(1)
    return buyer


def agent_opens_first_chat(
    browser: Browser, server_url: str, login: str, errors: list[str]
) -> tuple[BrowserContext, Page]:
    """An agent logs in to the workbench and opens the first conversation (the one who waited
    longest)."""
    context = browser.new_context()
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in_to_workbench(page, server_url, login)
    page.locator("[data-test=conversation-item]").first.click()
    return context, page

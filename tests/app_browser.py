"""The staff app in headless Chromium, held to what issue 13 asks of every page: no request
leaves 127.0.0.1, no console error, no failed request, no raw JSON shown as a page, and no
English enum where a person reads.

``demo_shop`` seeds the demo once per test session (``kefu demo --no-serve --no-bot``) and
``strict_page`` wraps a Playwright page with the checks; call ``check()`` at the end of a test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, Route, ViewportSize, expect

from tests import live
from tests.once import built_once

DEMO_PASSWORD = "kefu-demo-2026"
DIST = Path(__file__).resolve().parents[1] / "src" / "kefu" / "web" / "dist" / "index.html"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# English enums and ids that must never reach a person's eyes (issue 13's fixed list, and more).
ENGLISH_ENUMS = re.compile(
    r"\b(offline|online|assigned|queued|closed|open|pending|web|email|hotline|exchange|refund|"
    r"return|presale|aftersale|order_review|refund_review|supervisor|qc|approved|rejected|"
    r"shipped|paid|unpaid|delivered|cancelled|requested|resolved|escalated|done|skipped|"
    r"payment_reminder|shipping_time|logistics_query|T0\d\w*|None|null|undefined|NaN|"
    r"true|false|Invalid Date)\b"
)

FAILED_LOAD = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


def require_built_app() -> None:
    if not DIST.exists():
        pytest.fail("the staff app is not built: run `make web` first (make test does)")


@dataclass
class StrictPage:
    """A page that records everything issue 13 says a page must never do."""

    page: Page
    base_url: str
    problems: list[str] = field(default_factory=list)
    allowed_statuses: set[int] = field(default_factory=set)
    in_flight: int = 0  # requests sent and not yet answered or failed

    def attach(self) -> StrictPage:
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on("request", lambda _: self._count(1))
        self.page.on("requestfinished", lambda _: self._count(-1))
        self.page.on("requestfailed", lambda _: self._count(-1))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)
        self.page.route("**/*", self._only_local)
        return self

    def _console(self, message: object) -> None:
        if getattr(message, "type", "") != "error":
            return
        text = getattr(message, "text", "")
        # The browser logs every 4xx answer too; one the test expects is not a problem.
        refused = FAILED_LOAD.match(text)
        if refused and int(refused.group(1)) in self.allowed_statuses:
            return
        self.problems.append(f"console error: {text}")

    def _count(self, step: int) -> None:
        self.in_flight += step

    def _failed(self, request: Request) -> None:
        failure = request.failure or ""
        # Leaving a page aborts what it was still loading; that is the browser, not the app.
        if "ERR_ABORTED" not in failure:
            self.problems.append(f"request failed: {request.method} {request.url} {failure}")

    def _response(self, response: object) -> None:
        status = getattr(response, "status", 200)
        if status >= 400 and status not in self.allowed_statuses:
            self.problems.append(f"HTTP {status}: {getattr(response, 'url', '')}")

    def _only_local(self, route: Route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.problems.append(f"request to another host: {route.request.url}")
            route.abort()

    def log_in(self, login: str, password: str = DEMO_PASSWORD, *, next_path: str = "/") -> None:
        """Signs in through the login API (the browser context keeps the cookie), then opens
        ``next_path``. Going through the form cost a page load before each test's own first
        page; ``log_in_with_form`` drives the form where a test is about it."""
        answer = self.page.context.request.post(
            f"{self.base_url}/api/v1/auth/login", data={"login": login, "password": password}
        )
        assert answer.ok, f"login {login}: {answer.status} {answer.text()}"
        self.open(next_path)
        expect(self.page.locator("[data-test=status]")).to_be_visible(timeout=20_000)

    def log_in_with_form(
        self, login: str, password: str = DEMO_PASSWORD, *, next_path: str = "/"
    ) -> None:
        """The login page, as a person uses it: the form, then the page ``next`` names."""
        self.page.goto(f"{self.base_url}/login?next={next_path}")
        self.page.fill("input[name=login]", login)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        expect(self.page.locator("[data-test=status]")).to_be_visible(timeout=20_000)

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base_url}{path}")
        self.settle()

    def settle(self) -> None:
        """The page has loaded its data. Reports over the whole demo shop (反馈, 看板) take a few
        seconds when the other test worker holds the CPU, so the wait is longer than expect's 5 s.
        The network must be quiet (``quiet``), not Playwright's "networkidle": that load state
        is reached once per document, so after the app changes pages by itself (a click on a
        link) it would not wait at all; and it asks for 500 ms of calm where 300 do."""
        self.page.wait_for_load_state("load")
        self.quiet()
        expect(self.page.locator(".el-loading-mask:visible")).to_have_count(0, timeout=20_000)

    def follow_sidebar(self, path: str) -> None:
        """Opens a page as a person does, by its sidebar link: the app changes pages without
        loading itself again, so this is much cheaper than ``open``. Load states do not move on
        such a change, so the wait is for the new address, then for the network to go quiet."""
        self.page.locator(f"aside .el-menu-item[data-path='{path}']").click()
        self.page.wait_for_url(lambda url: urlsplit(url).path == path)
        self.quiet()
        expect(self.page.locator(".el-loading-mask:visible")).to_have_count(0, timeout=20_000)

    def quiet(self, calm: float = 0.3, timeout: float = 30) -> None:
        """No request in flight for ``calm`` seconds: the page has fetched what it shows (a
        page asks for its data as it mounts, and for any second request when the first comes
        back, well within ``calm`` of each other). ``timeout`` is Playwright's own for a load
        state: a report over the whole demo shop can take that long on a loaded machine."""
        deadline = time.monotonic() + timeout
        calm_since = time.monotonic()
        while time.monotonic() - calm_since < calm:
            assert time.monotonic() < deadline, f"{self.in_flight} requests still in flight"
            self.page.wait_for_timeout(50)  # lets Playwright deliver the request events
            if self.in_flight:
                calm_since = time.monotonic()

    def search(self, text: str, *, within: str = "") -> None:
        """Types into a list's search box and waits for the list it reloads. The list reloads
        300 ms after the last key and clears ticked rows, so a click made before that lands on
        rows about to be replaced."""
        with self.page.expect_response(
            lambda answer: "/api/" in answer.url and answer.request.method == "GET"
        ):
            self.page.locator(f"{within} input[data-test=search]".strip()).fill(text)
        self.settle()

    def check_readable(self, where: str) -> None:
        """The visible text is a page for people: not JSON, no English enum."""
        text = self.page.locator("body").inner_text()
        if text.lstrip().startswith(("{", "[")):
            self.problems.append(f"{where}: raw JSON shown as a page: {text[:120]}")
        for match in ENGLISH_ENUMS.finditer(text):
            start = max(0, match.start() - 30)
            self.problems.append(
                f"{where}: English shown: {match.group(0)!r} in {text[start : match.end() + 30]!r}"
            )

    def check(self) -> None:
        assert self.problems == [], "\n".join(self.problems)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop, seeded once per session; tests copy it so each starts from the same shop."""

    def seed(folder: Path) -> None:
        env = {
            "KEFU_DATABASE_URL": f"sqlite:///{folder / 'demo.db'}",
            "KEFU_DATA_DIR": str(folder / "data"),
        }
        subprocess.run(
            [sys.executable, "-m", "kefu.cli", "demo", "--no-serve", "--no-bot"],
            check=True,
            capture_output=True,
            env={**os.environ, **env},
        )

    return built_once(tmp_path_factory, "demo", seed) / "demo.db"


@contextmanager
def serve_demo_copy(demo_database: Path, folder: Path) -> Iterator[live.Server]:
    """A live server on a copy of the demo shop in ``folder``, without the scheduler."""
    require_built_app()
    copy = folder / "shop.db"
    shutil.copy(demo_database, copy)
    with live.live_server(f"sqlite:///{copy}", folder, KEFU_SCHEDULER="false") as server:
        yield server


@pytest.fixture
def demo_server(demo_database: Path, tmp_path: Path) -> Iterator[live.Server]:
    with serve_demo_copy(demo_database, tmp_path) as server:
        yield server


DESKTOP = ViewportSize(width=1440, height=900)
PHONE = ViewportSize(width=390, height=844)  # buyers are mostly on phones


def strict_page(
    browser: Browser, server: live.Server, *, viewport: ViewportSize | None = None
) -> StrictPage:
    context = browser.new_context(viewport=viewport or DESKTOP, locale="zh-CN")
    return StrictPage(context.new_page(), server.url).attach()

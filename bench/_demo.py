"""Shared by the page scripts: the demo shop seeded into a scratch folder and served for real
(the same child-process server the browser tests use), and Debian's Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.live import Server, live_server  # noqa: E402

DEMO_PASSWORD = "kefu-demo-2026"
ROLE_LOGINS = {
    "售前": "xiaomei",
    "售后": "xiaowang",
    "审单": "laochen",
    "退款审核": "zhoujie",
    "质检": "liulaoshi",
    "热线": "xiaozhao",
    "主管": "wangjie",
}


@contextmanager
def demo_server(folder: Path) -> Iterator[Server]:
    if not (ROOT / "src/kefu/web/dist/index.html").exists():
        sys.exit("the staff app is not built: run `make web` first")
    url = f"sqlite:///{folder / 'demo.db'}"
    env = {**os.environ, "KEFU_DATABASE_URL": url, "KEFU_DATA_DIR": str(folder / "data")}
    subprocess.run(
        [sys.executable, "-m", "kefu.cli", "demo", "--no-serve", "--no-bot"],
        check=True,
        capture_output=True,
        env=env,
    )
    with live_server(url, folder, KEFU_SCHEDULER="false") as server:
        yield server


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(
        executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
    )


def log_in(page: Page, server: Server, login: str) -> None:
    page.goto(f"{server.url}/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-test=status]")

"""``make screenshots``: a PNG of every page each role's sidebar offers, from the demo shop, for
review by eye (issue 13). Also the buyer's chat page (desktop and phone) and the login page.

    python bench/screenshots.py [--out var/screenshots]

Chinese text needs a CJK font on the machine (Debian: fonts-noto-cjk)."""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _demo import ROLE_LOGINS, Server, demo_server, launch, log_in

VIEWPORT = {"width": 1440, "height": 900}


def slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"


PHONE = {"width": 390, "height": 844}  # buyers are mostly on phones


def shoot_public_pages(browser: Browser, server: Server, out: Path) -> None:
    page = browser.new_page(viewport=VIEWPORT, locale="zh-CN")
    for name in ("login", "chat"):
        page.goto(f"{server.url}/{name}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=out / f"{name}.png")
    page.close()
    phone = browser.new_page(viewport=PHONE, locale="zh-CN")
    phone.goto(f"{server.url}/chat?product=p001")
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=out / "chat-phone.png")
    phone.close()


def shoot_sidebar(browser: Browser, server: Server, login: str, out: Path) -> int:
    """Every page in this agent's sidebar; returns how many."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    log_in(page, server, login)
    paths = [
        link.get_attribute("data-path") or "/" for link in page.locator("aside .el-menu-item").all()
    ]
    for path in paths:
        page.goto(f"{server.url}{path}")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # charts animate in
        page.screenshot(path=out / f"{login}-{slug(path)}.png", full_page=True)
    context.close()
    return len(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("var/screenshots"))
    args = parser.parse_args()
    if not any(Path("/usr/share/fonts").rglob("*CJK*")):
        print("warning: no CJK font found (apt-get install fonts-noto-cjk); Chinese shows as boxes")
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    with (
        tempfile.TemporaryDirectory() as scratch,
        demo_server(Path(scratch)) as server,
        sync_playwright() as playwright,
    ):
        browser = launch(playwright)
        shoot_public_pages(browser, server, args.out)
        for role, login in ROLE_LOGINS.items():
            count = shoot_sidebar(browser, server, login, args.out)
            print(f"{role} ({login}): {count} pages")
        browser.close()
    print(f"screenshots in {args.out}/")


if __name__ == "__main__":
    main()

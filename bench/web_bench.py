"""Page weight and speed of the staff app (issue 13): JS a browser loads for the first page after
login, gzipped, against the whole app's JS (the baseline: one bundle with every route); the
workbench's time from pressing 登录 to a usable conversation list, against the login page's own
load in the same browser; and widget.js gzipped, against the buyer page's JS.
Targets: first load ≤ 500 KB gzipped, workbench usable ≤ 1.5 s, widget ≤ 40 KB gzipped.

    python bench/web_bench.py [--runs 5] [--no-write]
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _demo import DEMO_PASSWORD, ROOT, Server, demo_server, launch
from _report import publish

DIST = ROOT / "src/kefu/web/dist"
# The workbench is usable once its conversation list has rendered: its first row, or the
# notice that the tab is empty (a shop with no live chat).
WORKBENCH_READY = "[data-test=conversation-item], [data-test=conversation-list] .el-empty"


def gz_kib(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), 9)) / 1024


def page_js(entry: str) -> float:
    """Gzipped KiB of the JS a built HTML entry loads: its script and what it preloads."""
    html = (DIST / entry).read_text("utf-8")
    return sum(gz_kib(DIST / path) for path in set(re.findall(r'"/(assets/[^"]+\.js)"', html)))


def js_loaded(urls: list[str]) -> float:
    """Gzipped KiB of the app's own JS files among these URLs."""
    files = {DIST / urlsplit(url).path.lstrip("/") for url in urls if url.endswith(".js")}
    return sum(gz_kib(path) for path in files if path.is_file())


def first_login(browser: Browser, server: Server) -> tuple[float, float, float]:
    """(login page load s, login → usable workbench s, JS KiB gz loaded for both)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    started = time.perf_counter()
    page.goto(f"{server.url}/login?next=/workbench")
    page.wait_for_selector("input[name=login]")
    login_s = time.perf_counter() - started
    page.fill("input[name=login]", "xiaomei")
    page.fill("input[name=password]", DEMO_PASSWORD)
    started = time.perf_counter()
    page.click("button[type=submit]")
    page.wait_for_selector(WORKBENCH_READY)
    usable_s = time.perf_counter() - started
    context.close()
    return login_s, usable_s, js_loaded(urls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    all_js = sum(gz_kib(path) for path in (DIST / "assets").glob("*.js"))
    widget = gz_kib(DIST / "widget.js")
    buyer_js = page_js("chat.html")
    with (
        tempfile.TemporaryDirectory() as scratch,
        demo_server(Path(scratch)) as server,
        sync_playwright() as playwright,
    ):
        browser = launch(playwright)
        first_login(browser, server)  # warm-up: the server's first queries, the browser's cache
        runs = [first_login(browser, server) for _ in range(args.runs)]
        browser.close()
    login_s = statistics.median(run[0] for run in runs)
    usable_s = statistics.median(run[1] for run in runs)
    first_js = max(run[2] for run in runs)
    rows = [
        "| measure | value | baseline | ratio | target |",
        "|---|---|---|---|---|",
        f"| JS for login + workbench, gzipped | {first_js:.0f} KiB | whole app {all_js:.0f} KiB "
        f"| {first_js / all_js:.2f} | ≤ 500 KB |",
        f"| login → workbench usable (median of {args.runs}) | {usable_s:.2f} s "
        f"| login page load {login_s:.2f} s | {usable_s / login_s:.1f}× | ≤ 1.5 s |",
        f"| widget.js, gzipped | {widget:.1f} KiB | buyer page JS {buyer_js:.1f} KiB "
        f"| {widget / buyer_js if buyer_js else 0:.2f} | ≤ 40 KB |",
    ]
    publish("web", "Staff app: page weight and speed", rows, write=not args.no_write)


if __name__ == "__main__":
    main()

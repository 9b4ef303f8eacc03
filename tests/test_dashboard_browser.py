"""The 数据 pages of the staff app in headless Chromium (tests/app_browser.py's strict page):
the dashboard's charts and KPI cards hold the same numbers as its Excel export, every number
leads to the sessions behind it and on to a transcript, the team report and its chart, and the
weekly feedback report with its Excel file; each page read by the roles that open it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.history import service as history_service
from kefu.models.team import Role
from tests import live
from tests.app_browser import DEMO_PASSWORD, StrictPage, serve_demo_copy, strict_page
from tests.browser import chromium
from tests.chat_helpers import agent
from tests.test_kpi import EXPECTED_SHOP, HISTORY

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PERIOD = "from=2026-11-11&to=2026-11-12"


def page_for(browser: Browser, server: live.Server) -> StrictPage:
    """The strict page, with the shell's notification poll answered while this branch's server
    has no /api/v1/notifications yet (another branch adds it; then the real one answers)."""
    page = strict_page(browser, server)
    if httpx.get(f"{server.url}/api/v1/notifications").status_code == 404:
        page.page.route(
            "**/api/v1/notifications",
            lambda route: route.fulfill(json={"items": []}),
        )
    return page


def shown_as_on_the_page(key: str, value: float | int | str) -> str:
    """How the dashboard writes a number of the Excel export: % with one decimal, ¥, 秒."""
    number = float(value)
    if key == "agent_sales":
        return f"¥{number:,.2f}"
    if key.endswith("_s"):
        assert number < 60, "this history's durations are under a minute"
        return f"{number:.1f} 秒" if number < 10 else f"{number:.0f} 秒"
    if key == "csat_mean":
        return f"{number:.2f} 分"
    return str(value) if key in ("sessions", "inquiries", "served") else f"{number * 100:.1f}%"


@pytest.fixture
def kpi_server(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'dash.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        history_service.import_lines(db, HISTORY.read_bytes().splitlines())
        agent(db, "boss", group=None, role=Role.supervisor)
    engine.dispose()
    with live.live_server(url, tmp_path, KEFU_SCHEDULER="false") as server:
        yield server


def test_dashboard_charts_and_the_excel_export_agree(kpi_server: live.Server, tmp_path: Path):
    with chromium() as browser:
        strict = page_for(browser, kpi_server)
        page = strict.page
        strict.log_in_with_form(
            "boss", "s3cret-pass", next_path=f"/dashboard%3F{PERIOD.replace('&', '%26')}"
        )
        strict.settle()
        agents_chart = page.locator("[data-test=agents-chart]")
        expect(agents_chart).to_have_attribute("aria-label", re.compile("会话数.*小美.*2.*小王.*1"))
        assert agents_chart.locator("svg path").count() > 4  # bars, axes
        expect(page.locator("[data-test=trend-sessions]")).to_have_attribute(
            "aria-label", re.compile("会话数")
        )
        with page.expect_download() as download:
            page.click("[data-test=kpi-xlsx]")
        assert download.value.suggested_filename == "kefu-kpis-2026-11-11-2026-11-12.xlsx"
        sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))["店铺"]
        header, values = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
        from_excel = dict(zip(header, values, strict=True))
        cards = {
            key: page.locator(f"[data-test=shop-kpis] [data-kpi={key}] strong").inner_text()
            for key in EXPECTED_SHOP
        }
        labels = {
            key: page.locator(f"[data-test=shop-kpis] [data-kpi={key}] span").inner_text()
            for key in EXPECTED_SHOP
        }
        excel = {
            key: from_excel[next(h for h in header if h.startswith(labels[key]))] for key in cards
        }
        assert excel == EXPECTED_SHOP  # the export holds the spec's numbers, as numbers
        assert cards == {key: shown_as_on_the_page(key, value) for key, value in excel.items()}
        assert (cards["conversion_rate"], cards["agent_sales"], cards["csat"]) == (
            "66.7%",
            "¥249.00",
            "50.0%",
        )
        ranking = page.locator("[data-test=ranking] .el-table__body-wrapper tbody tr")
        expect(ranking.first).to_contain_text("小美")
        strict.check_readable("dashboard")

        ranking.first.get_by_role("link", name="小美").click()
        page.wait_for_url("**/sessions?**agent=a1**")
        strict.settle()
        rows = page.locator(".list-page .el-table__body-wrapper tbody tr")
        expect(rows).to_have_count(2)  # a1 spoke in s1 and s2
        expect(rows.first).to_contain_text("小王、小美")
        strict.check_readable("sessions")
        page.fill("[data-test=search]", "发什么快递")
        expect(rows).to_have_count(1)
        rows.first.locator(".el-link").click()
        page.wait_for_url("**/sessions/s1")
        strict.settle()
        expect(page.locator(".transcript .line")).to_have_count(7)
        expect(page.locator(".transcript .line.from-agent").first).to_contain_text("小美")
        expect(page.locator("[data-test=qc-score]")).to_contain_text("分")
        strict.check_readable("transcript")

        strict.open("/reports?from=2026-11-11&to=2026-11-13&by=day")
        report = page.locator("[data-test=team-report] .el-table__body-wrapper tbody tr")
        expect(report).to_have_count(2)
        expect(report.first.locator("[data-key=agent_sales]")).to_have_text("¥249.00")
        expect(page.locator("[data-test=team-chart]")).to_have_attribute(
            "aria-label", re.compile("客服销售额.*退款金额")
        )
        with page.expect_download() as team:
            page.click("[data-test=team-xlsx]")
        assert team.value.suggested_filename == "kefu-team-day-2026-11-11-2026-11-13.xlsx"
        strict.check_readable("reports")
        strict.check()


@pytest.fixture(scope="module")
def shop(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[live.Server]:
    """One demo shop for the tests that only read its reports."""
    with serve_demo_copy(demo_database, tmp_path_factory.mktemp("data-pages")) as served:
        yield served


def test_the_feedback_report_reads_per_category_and_downloads(shop: live.Server):
    with chromium() as browser:
        strict = page_for(browser, shop)
        page = strict.page
        strict.log_in("wangjie", DEMO_PASSWORD, next_path="/feedback")
        strict.settle()
        data = httpx.get(
            f"{shop.url}/api/v1/feedback/report",
            cookies=page.context.cookies()
            and {c["name"]: c["value"] for c in page.context.cookies()},
        ).json()
        counted = [c for c in data["categories"] if c["count"]]
        assert len(counted) >= 3
        for category in counted:
            section = page.locator(f"section[data-category={category['category']}]")
            expect(section).to_contain_text(f"{category['label']}（{category['count']} 条）")
            expect(section).to_contain_text(category["quotes"][0])
        expect(page.locator("[data-test=summary]")).not_to_contain_text(re.compile(r"\bp\d+"))
        with page.expect_download() as download:
            page.click("[data-test=feedback-xlsx]")
        book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        summary = {
            row[0]: row[1] for row in book["分类汇总"].iter_rows(min_row=2, values_only=True)
        }
        assert summary == {c["label"]: c["count"] for c in data["categories"]}
        strict.check_readable("feedback")
        strict.check()


@pytest.mark.parametrize(
    ("login", "paths"),
    [
        ("wangjie", ["/dashboard", "/reports", "/sessions", "/feedback"]),
        ("liulaoshi", ["/dashboard", "/reports", "/sessions", "/feedback"]),
        ("xiaomei", ["/feedback"]),
    ],
)
def test_each_role_reads_its_data_pages(shop: live.Server, login: str, paths: list[str]):
    with chromium() as browser:
        strict = page_for(browser, shop)
        strict.log_in(login, DEMO_PASSWORD)
        menu = strict.page.locator(".menu")
        for path in paths:
            strict.open(path)
            strict.check_readable(f"{login} {path}")
            expect(menu.locator("li.el-menu-item.is-active")).to_have_count(1)
        if login == "xiaomei":
            expect(menu).not_to_contain_text("数据看板")
            strict.open("/dashboard")
            expect(strict.page.locator(".error-page")).to_contain_text("无权访问")
        else:
            strict.open("/sessions")
            strict.page.locator(
                ".list-page .el-table__body-wrapper tbody tr .el-link"
            ).first.click()
            strict.settle()
            expect(strict.page.locator(".transcript .line").first).to_be_visible()
            strict.check_readable(f"{login} transcript")
        strict.check()

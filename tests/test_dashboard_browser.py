"""The dashboard in headless Chromium: charts render with data, no console errors,
and the Excel export holds the same numbers as the page (issue "QC and KPIs")."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.history import service as history_service
from kefu.models.team import Role
from tests import live
from tests.browser import chromium
from tests.chat_helpers import agent
from tests.test_kpi import EXPECTED_SHOP, HISTORY

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LABELS = {
    "询单转化率": "conversion_rate",
    "首次响应时长(秒)": "first_response_s",
    "客服销售额": "agent_sales",
    "满意度": "csat",
    "会话数": "sessions",
}


def test_dashboard_charts_and_the_excel_export_agree(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dash.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        history_service.import_lines(db, HISTORY.read_bytes().splitlines())
        agent(db, "boss", group=None, role=Role.supervisor)
    engine.dispose()
    problems: list[str] = []
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        page = browser.new_context(accept_downloads=True).new_page()
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.goto(f"{server.url}/login?next=/dashboard%3Ffrom%3D2026-11-11%26to%3D2026-11-12")
        page.fill("input[name=login]", "boss")
        page.fill("input[name=password]", "s3cret-pass")
        page.click("button[type=submit]")
        expect(page.locator("#agents-chart svg rect.bar").first).to_be_visible()
        bars = page.locator("#agents-chart svg rect.bar").evaluate_all(
            "els => els.map(e => Number(e.getAttribute('height')))"
        )
        assert len(bars) == 4 and all(
            height > 0 for height in bars
        )  # a1 and a2, sessions and served
        assert page.locator("#trend-sessions svg path.series").count() == 1
        shown = {}
        for label, key in LABELS.items():
            column = page.locator("#shop-table th").all_inner_texts().index(label)
            shown[key] = page.locator("#shop-table td").nth(column).inner_text()
        assert shown == {
            "conversion_rate": "0.6667",
            "first_response_s": "25.0",
            "agent_sales": "249.00",
            "csat": "0.5000",
            "sessions": "3",
        }
        expect(page.locator("#ranking tbody tr").first).to_have_attribute("data-agent", "a1")

        with page.expect_download() as download:
            page.click("#xlsx")
        path = tmp_path / "export.xlsx"
        download.value.save_as(path)
        assert download.value.suggested_filename == "kefu-kpis-2026-11-11-2026-11-12.xlsx"
        sheet = load_workbook(path)["店铺"]
        header, values = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
        from_excel = dict(zip(header, values, strict=True))
        assert {LABELS[label]: from_excel[label] for label in LABELS} == {
            key: EXPECTED_SHOP[key] for key in LABELS.values()
        }  # the same numbers, as numbers

        page.locator("#ranking tbody tr").first.locator("td[data-kpi=sessions] a").click()
        expect(page.locator("#rows tr")).to_have_count(2)  # a1 spoke in s1 and s2
        page.locator("#rows a").first.click()
        expect(page.locator("#messages li")).not_to_have_count(0)
        expect(page.locator("#qc-summary")).to_contain_text("质检得分")

        page.goto(f"{server.url}/reports?from=2026-11-11&to=2026-11-13&by=day")
        expect(page.locator("#report tbody tr")).to_have_count(2)
        expect(
            page.locator("#report tbody tr").first.locator("td[data-key=agent_sales]")
        ).to_have_text("249.00")
        expect(page.locator("#chart svg rect.bar")).to_have_count(4)  # 2 days × (sales, refunds)
    assert problems == []

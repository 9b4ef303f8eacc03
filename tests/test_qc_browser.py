"""The 质检 pages of the staff app in headless Chromium (tests/app_browser.py's strict page):
a reviewer finds a flagged session in the queue, dismisses one finding, scores the 50/30/20
sheet and submits; the session leaves the waiting list and the agent finds the result, with
the rules by their Chinese names, in 我的质检. Each role reads the QC pages it may open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.models.team import Role
from tests import live
from tests.app_browser import DEMO_PASSWORD, serve_demo_copy
from tests.browser import chromium
from tests.chat_helpers import agent
from tests.test_dashboard_browser import page_for
from tests.test_qc_review import RUDE, closed_session

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROWS = ".list-page .el-table__body-wrapper tbody tr"


@pytest.fixture
def qc_server(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'qc.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        mei = agent(db, "mei")
        mei.name = "小美"
        agent(db, "liu", group=None, role=Role.qc).name = "刘老师"
        agent(db, "boss", group=None, role=Role.supervisor).name = "王姐"
        closed_session(db, mei, RUDE)
    engine.dispose()
    with live.live_server(url, tmp_path, KEFU_SCHEDULER="false") as server:
        yield server


def test_reviewer_scores_a_flagged_session_and_the_agent_sees_it(qc_server: live.Server):
    with chromium() as browser:
        reviewer = page_for(browser, qc_server)
        page = reviewer.page
        reviewer.log_in("liu", "s3cret-pass", next_path="/qc")
        reviewer.settle()
        row = page.locator(ROWS)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("小美")
        expect(row).to_contain_text("低于80分")
        expect(row).to_contain_text("称呼买家用“您”")
        reviewer.check_readable("queue")
        row.locator(".el-link").click()
        page.wait_for_url("**/qc/*")
        reviewer.settle()
        findings = page.locator("[data-test=finding]")
        expect(findings).to_have_count(5)
        expect(page.locator("[data-test=note]").first).to_be_visible()  # beside its message
        reviewer.check_readable("sheet")
        leak = findings.filter(has_text="不泄露站外联系方式")
        leak.get_by_text("驳回").click()
        expect(page.locator("[data-test=note]").filter(has_text="已驳回")).to_have_count(1)
        for part, score in (("quantified", "90"), ("quality", "80"), ("skills", "70")):
            page.fill(f"[data-test=score-{part}] input", score)
            page.keyboard.press("Tab")
        expect(page.locator("[data-test=total]")).to_have_text("83.0")
        page.fill("[data-test=comment]", "注意称呼，不要私加微信")
        page.click("[data-test=submit]")
        expect(page.locator("[data-test=review-result]")).to_have_text("已提交，综合得分 83.0")
        expect(page.locator("[data-test=review-state]")).to_have_text("已复核")
        expect(page.locator("[data-test=submit]")).to_have_count(0)  # nothing left to do
        reviewer.open("/qc")
        expect(page.locator(ROWS)).to_have_count(0)  # no longer waiting
        page.get_by_text("已复核", exact=True).click()
        expect(page.locator(ROWS)).to_have_count(1)
        expect(page.locator(ROWS)).to_contain_text("83.0 分（刘老师）")
        reviewer.check()

        own = page_for(browser, qc_server)
        own.log_in("mei", "s3cret-pass", next_path="/qc/mine")
        own.settle()
        results = own.page.locator("[data-test=result]")
        expect(results).to_have_count(1)
        expect(results).to_contain_text("注意称呼，不要私加微信")
        expect(results).to_contain_text("综合 83.0 分")
        expect(own.page.locator("[data-test=result-finding]")).to_have_count(4)  # one dismissed
        expect(results).to_contain_text("称呼买家用“您”")
        expect(own.page.locator("[data-test=by-rule]")).not_to_contain_text("不泄露站外联系方式")
        own.check_readable("我的质检")
        own.check()


def test_a_refused_submit_keeps_the_sheet(qc_server: live.Server):
    """The supervisor opens the queue and the sheet; a sheet the server refuses keeps what was
    typed and says why in Chinese."""
    with chromium() as browser:
        boss = page_for(browser, qc_server)
        page = boss.page
        boss.log_in("boss", "s3cret-pass", next_path="/qc")
        boss.settle()
        page.locator(ROWS).locator(".el-link").click()
        page.wait_for_url("**/qc/*")
        boss.settle()
        boss.check_readable("supervisor's sheet")
        page.fill("[data-test=comment]", "先写评语")
        page.click("[data-test=submit]")  # no scores yet: refused on the page
        expect(page.locator(".el-alert--error")).to_contain_text("请填写量化指标")
        expect(page.locator("[data-test=comment]")).to_have_value("先写评语")
        boss.check()


@pytest.fixture(scope="module")
def qc_shop(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[live.Server]:
    """One demo shop for the roles' reads: what they change (a sample drawn into the queue)
    leaves every role's checks as they are."""
    with serve_demo_copy(demo_database, tmp_path_factory.mktemp("qc-roles")) as served:
        yield served


@pytest.mark.parametrize(
    ("login", "paths", "forbidden"),
    [
        ("wangjie", ["/qc", "/qc/mine"], None),
        ("liulaoshi", ["/qc"], "/qc/mine"),
        ("xiaomei", ["/qc/mine"], "/qc"),
        ("laochen", ["/qc/mine"], "/qc"),  # 审单 serves buyers too (SERVICE_ROLES)
    ],
)
def test_each_role_reads_its_qc_pages(
    qc_shop: live.Server, login: str, paths: list[str], forbidden: str | None
):
    with chromium() as browser:
        strict = page_for(browser, qc_shop)
        strict.log_in(login, DEMO_PASSWORD)
        for path in paths:
            strict.open(path)
            strict.check_readable(f"{login} {path}")
        if "/qc" in paths:
            strict.open("/qc")
            strict.page.click("[data-test=sample]")
            expect(strict.page.locator(".el-message")).to_be_visible()
            strict.quiet()  # the queue reloads with the sample: read the rows after that
            if strict.page.locator(ROWS).count():
                strict.page.locator(ROWS).first.locator(".el-link").click()
                strict.page.wait_for_url("**/qc/*")
                strict.settle()
                expect(strict.page.locator("[data-test=finding]").first).to_be_visible()
                strict.check_readable(f"{login} sheet")
        if forbidden:
            menu = strict.page.locator(".menu")
            expect(menu).not_to_contain_text("我的质检" if forbidden == "/qc/mine" else "质检队列")
            strict.open(forbidden)
            expect(strict.page.locator(".error-page")).to_contain_text("无权访问")
        strict.check()

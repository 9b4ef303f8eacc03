"""The after-sales and order-review pages in headless Chromium: a refund moved a
step with its trail shown, a review queue row passed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.models import Customer, Order, Refund
from kefu.models.team import Role
from tests import live
from tests.browser import chromium, log_in_to_workbench
from tests.chat_helpers import agent

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AT = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)


def test_refund_step_and_order_review_in_the_pages(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'aftersale.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        agent(db, "lei", group="售后组", role=Role.aftersale)
        agent(db, "boss", group=None, role=Role.supervisor)
        db.add(Customer(id="c1", vip_level=0, marketing_opt_out=False))
        db.flush()
        for order_id, status in (("o1", "delivered"), ("o2", "paid")):
            db.add(
                Order(
                    id=order_id,
                    customer_id="c1",
                    status=status,
                    amount=Decimal("99.00"),
                    cod=False,
                    created_at=AT,
                    paid_at=AT,
                    address="浙江省杭州市西湖区文三路1号",
                )
            )
        db.flush()
        db.add(
            Refund(
                id="r1",
                order_id="o1",
                kind="return",
                status="requested",
                requested_at=AT,
                amount=Decimal("99.00"),
            )
        )
    engine.dispose()
    errors: list[str] = []
    with live.live_server(url, tmp_path) as server, chromium() as browser:
        page = browser.new_context().new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        log_in_to_workbench(page, server.url, "lei")
        page.goto(f"{server.url}/aftersale")
        page.fill("#refund-find input[name=id]", "r1")
        page.click("#refund-find button")
        expect(page.locator("#refund-summary")).to_contain_text("待审核")
        page.select_option("#refund-step select[name=to]", "approved")
        page.click("#refund-step button")
        expect(page.locator("#refund-summary")).to_contain_text("已同意")
        expect(page.locator("#refund-trail li")).to_have_count(1)
        expect(page.locator("#refund-trail li").first).to_contain_text("lei：待审核 → 已同意")

        boss = browser.new_context().new_page()
        boss.on("pageerror", lambda exc: errors.append(str(exc)))
        boss.goto(f"{server.url}/login?next=/order-review")
        boss.fill("input[name=login]", "boss")
        boss.fill("input[name=password]", "s3cret-pass")
        boss.click("button[type=submit]")
        boss.wait_for_url(f"{server.url}/order-review")
        row = boss.locator("#queue tr").first
        expect(row).to_contain_text("o2")
        row.locator("button").click()
        expect(boss.locator("#queue tr").first).to_contain_text("已审")
    assert errors == []

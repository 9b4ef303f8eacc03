"""The buyer asks for an invoice from the chat page (issue 16): the small 申请发票 form,
loaded on demand beside the chat, checked by the server, listed with its state."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from kefu import migrate
from kefu.api.buyer_auth import shop_signature
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.shop import service as shop
from tests import live
from tests.browser import chromium
from tests.ord2_data import VALID_CODE, order

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SECRET = "shop-secret-for-the-invoice-test-0123456789"


def test_the_buyer_requests_an_invoice_from_the_chat_page(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        shop.do_set(db, key="working_hours", value="00:00-23:59")
        order(db, "o1", customer_id="c1")
    engine.dispose()
    expires = int(time.time()) + 600
    query = urlencode(
        {"customer_id": "c1", "expires": expires, "sig": shop_signature("c1", expires, SECRET)}
    )
    with live.live_server(url, tmp_path, KEFU_SHOP_SECRET=SECRET) as server, chromium() as browser:
        page = browser.new_context(viewport={"width": 420, "height": 800}).new_page()
        page.goto(f"{server.url}/chat?{query}")
        expect(page.locator("#status")).not_to_have_text("连接中…")
        page.click("#invoice")
        form = page.locator("#invoice-form")
        expect(form.locator("[name=tax_id]")).to_be_hidden()  # 个人: no tax id
        form.locator("[name=order_id]").fill("o1")
        form.locator("[name=title_type]").select_option("company")
        form.locator("[name=title]").fill("福建某某科技有限公司")
        form.locator("[name=tax_id]").fill("91350100M000100Y44")  # a wrong check digit
        form.locator("[name=email]").fill("cw@example.com")
        form.locator("button[type=submit]").click()
        expect(form.locator("[role=alert]")).to_contain_text("税号")
        form.locator("[name=tax_id]").fill(VALID_CODE)
        form.locator("button[type=submit]").click()
        expect(form.locator(".invoice-mine li")).to_have_text(
            ["订单 o1 · 福建某某科技有限公司 · 待开票"]
        )
        expect(form.locator("[role=alert]")).to_be_hidden()
        page.screenshot(path=str(tmp_path / "buyer-invoice.png"))

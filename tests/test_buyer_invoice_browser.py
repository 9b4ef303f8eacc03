"""The buyer's chat page (issue 16): the small 申请发票 form, loaded on demand beside the
chat, checked by the server, listed with its state; a product card shown as a card."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from kefu import migrate
from kefu.api.buyer_auth import shop_signature
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.models import ChatSession, Product
from kefu.selling import service as selling
from kefu.shop import service as shop
from tests import live
from tests.browser import chromium
from tests.chat_helpers import agent
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
        page.click("#invoice")  # folds away
        expect(form).to_be_hidden()

        page.fill("#text", "有推荐的水壶吗")
        page.press("#text", "Enter")
        expect(page.locator("#messages li.from-buyer")).to_have_count(1)
        send_a_card(url)
        page.reload()
        card = page.locator("#messages .bubble.card")
        expect(card).to_contain_text("电热水壶")
        expect(card).to_contain_text("¥129.00")
        expect(card).to_have_attribute("href", "https://shop.example.cn/kettle")
        page.screenshot(path=str(tmp_path / "buyer-card.png"))


def send_a_card(url: str) -> None:
    """An agent sends the kettle's card into the buyer's chat (read by the page's history)."""
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        db.add(
            Product(
                id="kettle",
                title="电热水壶",
                price=Decimal("129.00"),
                extra={"url": "https://shop.example.cn/kettle"},
            )
        )
        helper = agent(db, "xiao")
        live_chat = db.scalars(select(ChatSession).where(ChatSession.customer_id == "c1")).one()
        live_chat.agent_id, live_chat.status = helper.id, "assigned"
        db.flush()
        selling.do_send_card(
            db, agent=helper, session_id=live_chat.id, product_id="kettle", client_id="k1"
        )
    engine.dispose()

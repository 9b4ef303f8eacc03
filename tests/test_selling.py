"""Selling help: products bought together and best sellers for the product in question,
a product card sent in one click, and the pages a buyer viewed (from the widget)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.api.buyer_auth import issue_buyer_token, shop_signature
from kefu.chat import service as chat_service
from kefu.kit.errors import NotAuthenticated
from kefu.messaging import events
from kefu.models import ChatSession, Message, PageView, Product
from kefu.models.team import Role
from kefu.selling import service
from kefu.selling.schemas import ViewIn
from tests.aftercare_helpers import add_order, add_products, at
from tests.chat_helpers import agent, buyer, frozen_at
from tests.factories import add_agent, login

NOW = at(20, 10)
PAGE = "https://shop.example.cn/item/kettle"


def history(session: Session) -> None:
    """Kettles sell with filters twice and with a mug once; mugs sell most."""
    add_products(session)
    for n, products in enumerate(
        [["kettle", "filter"], ["kettle", "filter", "mug"], ["mug"], ["mug"], ["filter"]]
    ):
        add_order(
            session,
            order_id=f"h{n}",
            customer_id=buyer(session),
            products=products,
            paid_at=NOW - dt.timedelta(days=n + 1),
        )
    add_order(  # too old for the best sellers
        session,
        order_id="old",
        customer_id=buyer(session),
        products=["kettle"],
        paid_at=NOW - dt.timedelta(days=40),
    )


class TestSuggestions:
    def test_bought_together_and_best_sellers(self, session: Session) -> None:
        history(session)
        with frozen_at(NOW):
            found = service.suggestions(session, product_id="kettle")
        assert found["product_title"] == "电热水壶"
        assert [(c["title"], c["count"]) for c in found["related"]] == [("滤芯", 2), ("保温杯", 1)]
        assert [(c["id"], c["count"]) for c in found["best_sellers"]] == [("filter", 3), ("mug", 3)]

    def test_without_a_product_only_best_sellers(self, session: Session) -> None:
        history(session)
        with frozen_at(NOW):
            found = service.suggestions(session, product_id=None)
        assert found["related"] == [] and found["best_sellers"][2]["id"] == "kettle"


class TestProductInQuestion:
    def test_the_chats_page_else_the_last_viewed_product(self, session: Session) -> None:
        add_products(session)
        customer = buyer(session)
        sent = chat_service.do_buyer_send(session, customer_id=customer, client_id="a", text="在吗")
        assert service.product_in_question(session, session_id=sent.session_id) is None
        view = ViewIn(viewer="viewer-123", url=PAGE, product_id="mug")
        service.do_record_view(session, view=view)
        service.do_claim_views(session, viewer="viewer-123", customer_id=customer)
        assert service.product_in_question(session, session_id=sent.session_id) == "mug"
        session.get(ChatSession, sent.session_id).product_id = "kettle"  # type: ignore[union-attr]
        assert service.product_in_question(session, session_id=sent.session_id) == "kettle"


class TestSendCard:
    def test_the_card_is_the_agents_message(self, session: Session) -> None:
        add_products(session)
        helper = agent(session, "xiao")
        customer = buyer(session)
        sent = chat_service.do_buyer_send(session, customer_id=customer, client_id="a", text="推荐")
        live = session.get(ChatSession, sent.session_id)
        assert live is not None
        live.agent_id, live.status = helper.id, "assigned"
        message = service.do_send_card(
            session, agent=helper, session_id=live.id, product_id="kettle", client_id="card1"
        )
        assert message.text == "【为您推荐】电热水壶\n价格：¥129.00\n商品编号：kettle"
        stored = session.scalars(select(Message).where(Message.client_id == "card1")).one()
        assert (stored.sender, stored.agent_id) == ("agent", helper.id)
        assert (message.kind, message.card) == (
            "card",
            {"product_id": "kettle", "title": "电热水壶", "price": "129.00"},
        )

    def test_a_card_with_picture_and_page_reaches_the_buyer_as_a_card(
        self, session: Session
    ) -> None:
        add_products(session)
        kettle = session.get_one(Product, "kettle")
        kettle.extra = {
            "image": "https://img.example.cn/kettle.jpg",
            "url": "https://shop.example.cn/kettle",
        }
        helper = agent(session, "xiao")
        sent = chat_service.do_buyer_send(
            session, customer_id=buyer(session), client_id="a", text="推荐"
        )
        live = session.get_one(ChatSession, sent.session_id)
        live.agent_id, live.status = helper.id, "assigned"
        service.do_send_card(
            session, agent=helper, session_id=live.id, product_id="kettle", client_id="c2"
        )
        stored = session.scalars(select(Message).where(Message.client_id == "c2")).one()
        seen = events.message_out(stored)
        assert (stored.kind, seen.card) == (
            "card",
            {
                "product_id": "kettle",
                "title": "电热水壶",
                "price": "129.00",
                "image": "https://img.example.cn/kettle.jpg",
                "link": "https://shop.example.cn/kettle",
            },
        )
        assert events.dump(seen)["card"]["title"] == "电热水壶"


class TestRecordView:
    def test_signed_customer_named_at_once_and_old_views_dropped(self, session: Session) -> None:
        expires = int(time.time()) + 600
        sig = shop_signature("c-signed", expires)
        with frozen_at(NOW):
            service.do_record_view(
                session,
                view=ViewIn(
                    viewer="viewer-456", url=PAGE, customer_id="c-signed", expires=expires, sig=sig
                ),
            )
        stored = session.scalars(select(PageView)).one()
        assert (stored.customer_id, stored.at) == ("c-signed", NOW)
        with pytest.raises(NotAuthenticated):
            service.do_record_view(
                session,
                view=ViewIn(viewer="viewer-456", url=PAGE, customer_id="c-x", expires=1, sig="00"),
            )
        for n in range(60):
            service.do_record_view(session, view=ViewIn(viewer="viewer-789", url=f"{PAGE}?{n}"))
        kept = session.scalars(select(PageView).where(PageView.viewer == "viewer-789")).all()
        assert len(kept) == 50


class TestViewedPages:
    def test_the_widgets_form_post_then_the_chat_page_claims_it(
        self, session: Session, client: TestClient
    ) -> None:
        add_products(session)
        customer = buyer(session)
        add_agent(session, "xiao", Role.presale)
        session.commit()
        answer = client.post(
            "/api/v1/page-views",
            data={"viewer": "viewer-abc", "url": PAGE, "title": "水壶详情", "product_id": "kettle"},
            headers={"Origin": "https://shop.example.cn"},
        )
        assert answer.status_code == 204, answer.text
        token = issue_buyer_token(customer)
        claimed = client.post(
            "/api/v1/page-views/claim",
            json={"viewer": "viewer-abc"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert claimed.status_code == 204, claimed.text
        login(client, "xiao")
        views = client.get(f"/api/v1/selling/customers/{customer}/views").json()
        assert [(v["title"], v["product_title"]) for v in views] == [("水壶详情", "电热水壶")]
        assert service.viewed_pages(session, customer_id="nobody") == []


class TestPageViewLimit:
    def test_thirty_a_minute_per_visitor_then_429_with_a_reason(self, client: TestClient) -> None:
        def report(viewer: str) -> int:
            answer = client.post("/api/v1/page-views", data={"viewer": viewer, "url": PAGE})
            return answer.status_code

        assert [report("viewer-busy") for _ in range(30)] == [204] * 30
        refused = client.post("/api/v1/page-views", data={"viewer": "viewer-busy", "url": PAGE})
        assert (refused.status_code, refused.json()["code"]) == (429, "too_many_page_views")
        assert refused.json()["reason"] == "浏览记录提交过于频繁，请稍后再试"
        assert refused.headers["Retry-After"] == "60"
        assert report("viewer-other") == 204  # another visitor is not held back

    def test_new_viewer_ids_do_not_get_round_the_address_limit(self, client: TestClient) -> None:
        codes = [
            client.post(
                "/api/v1/page-views", data={"viewer": f"viewer-{n:04d}", "url": PAGE}
            ).status_code
            for n in range(301)
        ]
        assert codes[:300] == [204] * 300 and codes[300] == 429

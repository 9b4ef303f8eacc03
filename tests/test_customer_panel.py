"""The workbench's customer panel (crm/panel.py): orders with titles and Chinese states, the
after-sales cases still open, notes, and a timeline that reads in Chinese with people's names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.crm import panel, profile
from kefu.models import Agent, ChatSession, Complaint, Customer, Order, Product, Refund, Review
from kefu.models.team import Role
from tests.chat_helpers import frozen_at
from tests.factories import add_agent, add_order, login

NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=dt.UTC)


@pytest.fixture
def lulu(session: Session) -> Customer:
    row = Customer(id="c1", nick="tb_lulu", vip_level=2, marketing_opt_out=False)
    session.add_all([row, Product(id="p1", title="加厚卫衣"), Product(id="p2", title="直筒牛仔裤")])
    session.flush()
    return row


@pytest.fixture
def mei(session: Session) -> Agent:
    agent = add_agent(session, "mei", Role.presale)
    agent.name = "小美"
    session.flush()
    return agent


def order(session: Session, order_id: str, status: str, product_id: str = "p1") -> Order:
    row = Order(
        id=order_id,
        customer_id="c1",
        status=status,
        amount=Decimal("199.00"),
        cod=False,
        created_at=NOW,
        paid_at=NOW,
    )
    return add_order(session, row, product_id=product_id)


class TestPanel:
    def test_orders_carry_what_the_buyer_calls_them_and_their_state_in_chinese(
        self, session: Session, lulu: Customer
    ) -> None:
        order(session, "o1", "shipped")
        order(session, "o2", "refunded", product_id="p2")
        out = panel.panel(session, customer=lulu)
        assert sorted((o.id, o.title, o.status_label) for o in out.orders) == [
            ("o1", "加厚卫衣", "已发货"),
            ("o2", "直筒牛仔裤", "已退款"),
        ]

    def test_notes_are_listed_apart_with_their_author_by_name(
        self, session: Session, lulu: Customer, mei: Agent
    ) -> None:
        with frozen_at(NOW):
            profile.do_add_tag(session, customer=lulu, tag="老客户", author=mei)
        with frozen_at(NOW + dt.timedelta(minutes=1)):
            profile.do_add_note(session, customer=lulu, text="喜欢宽松款", author=mei)
        out = panel.panel(session, customer=lulu)
        assert [(n.title, n.detail) for n in out.notes] == [("备注（小美）", "喜欢宽松款")]
        assert [e.kind for e in out.timeline[:2]] == ["note", "tag"]
        assert out.customer.tags == ["老客户"]


class TestOpenCases:
    def test_open_refunds_complaints_and_unhandled_bad_reviews_newest_first(
        self, session: Session, lulu: Customer
    ) -> None:
        order(session, "o1", "delivered")
        order(session, "o2", "delivered")
        session.add_all(
            [
                Refund(id="r1", order_id="o1", kind="return", status="approved", requested_at=NOW),
                Refund(
                    id="r2", order_id="o2", kind="refund_only", status="refunded", requested_at=NOW
                ),
                Complaint(
                    id="k1",
                    customer_id="c1",
                    category="logistics",
                    opened_at=NOW + dt.timedelta(hours=1),
                    promised_by=NOW + dt.timedelta(hours=25),
                ),
                Complaint(
                    id="k2",
                    customer_id="c1",
                    category="quality",
                    opened_at=NOW,
                    resolved_at=NOW + dt.timedelta(hours=2),
                ),
                Review(id="v1", order_id="o2", rating="bad", at=NOW - dt.timedelta(days=1)),
                Review(id="v2", order_id="o1", rating="good", at=NOW),
                Review(
                    id="v3",
                    order_id="o1",
                    rating="medium",
                    at=NOW,
                    handled_at=NOW + dt.timedelta(hours=1),
                ),
            ]
        )
        session.flush()
        cases = panel.open_cases(session, customer_id="c1")
        assert [(c.kind, c.id, c.title, c.status_label) for c in cases] == [
            ("complaint", "k1", "投诉：物流", "处理中"),
            ("refund", "r1", "退货退款：订单 o1", "已同意"),
            ("review", "v1", "差评：订单 o2", "待处理"),
        ]
        assert cases[0].due_at == NOW + dt.timedelta(hours=25)
        assert cases[2].due_at == NOW - dt.timedelta(days=1) + dt.timedelta(days=30)  # revisable


class TestTimeline:
    def test_states_and_categories_read_in_chinese(self, session: Session, lulu: Customer) -> None:
        order(session, "o1", "delivered")
        session.add_all(
            [
                ChatSession(
                    id="s1",
                    customer_id="c1",
                    channel="web",
                    opened_at=NOW,
                    status="closed",
                    last_seq=0,
                    agent_read_seq=0,
                ),
                Refund(
                    id="r1", order_id="o1", kind="exchange", status="requested", requested_at=NOW
                ),
                Complaint(id="k1", customer_id="c1", category="service", opened_at=NOW),
                Review(id="v1", order_id="o1", rating="medium", at=NOW),
            ]
        )
        session.flush()
        shown = {e.kind: (e.title, e.detail) for e in profile.timeline(session, customer_id="c1")}
        assert shown["chat"] == ("网页咨询会话", "已结束")
        assert shown["refund"] == ("换货：订单 o1", "待审核")
        assert shown["complaint"][0] == "投诉：服务"
        assert shown["review"][0] == "评价：中评"


class TestEndpoint:
    def test_the_panel_answers_service_roles(
        self, client: TestClient, session: Session, lulu: Customer, mei: Agent
    ) -> None:
        order(session, "o1", "paid")
        session.commit()
        login(client, "mei")
        body = client.get("/api/v1/customers/c1/panel").json()
        assert (
            body["orders"][0]["title"] == "加厚卫衣"
            and body["orders"][0]["status_label"] == "已付款"
        )
        assert body["open_cases"] == [] and body["notes"] == []

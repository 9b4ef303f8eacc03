"""The order list (filters, search as the old find did, sorting, paging, counts,
display-ready rows, who may list) and the order page's actions (exactly those the
service accepts in the order's state)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.kit.errors import Conflict
from kefu.kit.paging import PageParams
from kefu.models import Agent, Customer, Order, OrderItem, Product
from kefu.models.team import Role
from kefu.order import actions, logistics, order_review, worklist
from kefu.order import jobs as order_jobs
from kefu.order import service as order_service
from kefu.order.schemas import OrderFilters
from tests.chat_helpers import frozen_at
from tests.factories import add_agents, login

T = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
DAY = dt.timedelta(days=1)


@pytest.fixture
def people(session: Session) -> dict[str, Agent]:
    return add_agents(session, {"lei": Role.aftersale, "ops": Role.order_review, "qc": Role.qc})


def order(session: Session, order_id: str, status: str, **fields: Any) -> Order:
    row = Order(
        id=order_id,
        customer_id=fields.pop("customer_id", "c1"),
        status=status,
        amount=Decimal(fields.pop("amount", "100.00")),
        cod=fields.pop("cod", False),
        created_at=fields.pop("created_at", T),
        courier="中通快递",
        address="江苏省南京市鼓楼区中山路1号",
        **fields,
    )
    session.add(row)
    session.flush()
    for line, product in enumerate(fields.get("products", ["p1"]), start=1):
        session.add(OrderItem(order_id=order_id, line_no=line, product_id=product, qty=1))
    session.flush()
    return row


@pytest.fixture
def orders(session: Session, people: dict[str, Agent]) -> dict[str, Order]:
    """o1 paid today, flagged red then green, two items; o2 shipped, its parcel returned;
    o3 unpaid COD of another buyer; o4 delivered, paid two days ago."""
    session.add_all(
        [
            Customer(
                id="c1", nick="tb_lulu", phone="13900000000", vip_level=0, marketing_opt_out=False
            ),
            Customer(id="c2", name="张三", vip_level=0, marketing_opt_out=False),
            Product(id="p1", title="卫衣"),
            Product(id="p2", title="围巾"),
        ]
    )
    session.flush()
    rows = {
        "o1": order(session, "o1", "paid", paid_at=T, amount="199.00", receiver_name="王丽"),
        "o2": order(
            session,
            "o2",
            "shipped",
            paid_at=T - DAY,
            shipped_at=T - DAY,
            tracking_no="ZT1002",
            created_at=T - DAY,
        ),
        "o3": order(
            session,
            "o3",
            "unpaid",
            customer_id="c2",
            cod=True,
            amount="59.00",
            created_at=T - dt.timedelta(hours=1),
        ),
        "o4": order(
            session,
            "o4",
            "delivered",
            paid_at=T - 2 * DAY,
            created_at=T - 2 * DAY,
            receiver_phone="13711112222",
        ),
    }
    session.add(OrderItem(order_id="o1", line_no=2, product_id="p2", qty=1))
    for minutes, colour in ((0, "red"), (5, "green")):
        with frozen_at(T + dt.timedelta(minutes=minutes)):
            actions.do_flag(
                session, order=rows["o1"], colour=colour, text="备注", author=people["lei"]
            )
    order_service.do_record_tracking(
        session, order_id="o2", at=T, status="returned", description="拒收退回"
    )
    order_jobs.logistics_exceptions(session, now=T + dt.timedelta(hours=1))
    return rows


def page(session: Session, **kw: Any) -> dict[str, Any]:
    params = PageParams(**{k: kw.pop(k) for k in ("page", "page_size", "sort") if k in kw})
    return worklist.order_list(session, filters=OrderFilters(**kw), params=params)


def ids(session: Session, **kw: Any) -> list[str]:
    return [item.id for item in page(session, **kw)["items"]]


class TestOrderList:
    def test_search_finds_what_find_found(self, session: Session, orders: dict[str, Order]) -> None:
        for text in ("o1", "ZT1002", "13711112222"):  # order id, tracking no, receiver's phone
            assert len(ids(session, q=text)) == 1
        assert ids(session, q="ZT1002") == ["o2"]
        assert ids(session, q="tb_lulu") == ["o1", "o2", "o4"]  # the buyer's nick
        assert ids(session, q="13900000000") == ["o1", "o2", "o4"]  # the buyer's phone
        assert ids(session, q="nobody") == []

    def test_filters(self, session: Session, orders: dict[str, Order]) -> None:
        assert ids(session) == ["o1", "o3", "o2", "o4"]  # newest first
        assert ids(session, status="paid,unpaid") == ["o1", "o3"]
        assert ids(session, status=["delivered"]) == ["o4"]
        assert ids(session, flag="green") == ["o1"]  # the flag in force
        assert ids(session, flag="red") == []
        assert ids(session, paid_from=dt.date(2026, 11, 19)) == ["o1", "o2"]
        assert ids(session, paid_to=dt.date(2026, 11, 19)) == ["o2", "o4"]  # day included
        assert ids(session, exception=True) == ["o2"]
        assert ids(session, exception=False) == ["o1", "o3", "o4"]
        assert ids(session, cod=True) == ["o3"]
        assert ids(session, customer_id="c2") == ["o3"]

    def test_sorting_paging_and_count(self, session: Session, orders: dict[str, Order]) -> None:
        assert ids(session, sort="-amount")[0] == "o1"
        assert ids(session, sort="paid_at") == ["o4", "o2", "o1", "o3"]  # unpaid last
        second = page(session, page=2, page_size=3)
        assert (second["total"], [i.id for i in second["items"]]) == (4, ["o4"])

    def test_rows_are_display_ready(self, session: Session, orders: dict[str, Order]) -> None:
        rows = {item.id: item for item in page(session)["items"]}
        o1, o2, o3 = rows["o1"], rows["o2"], rows["o3"]
        assert (o1.status_label, o1.buyer_name, o1.receiver_name, o1.amount) == (
            "已付款",
            "tb_lulu",
            "王丽",
            Decimal("199.00"),
        )
        assert (o1.flag_colour, o1.flag_label, o1.ship_by) == (
            "green",
            "绿旗",
            dt.date(2026, 11, 20),
        )
        assert (o1.product_titles, o1.items_summary) == (["卫衣", "围巾"], "卫衣 等 2 件")
        assert (o2.exception, o2.ship_by, o2.tracking_no, o2.courier) == (
            "退回",
            None,
            "ZT1002",
            "中通快递",
        )
        assert (o3.buyer_name, o3.cod, o3.exception, o3.flag_colour) == ("张三", True, None, None)


class TestAllowedActions:
    def offered(self, session: Session, order: Order, agent: Agent) -> list[str]:
        return [a["action"] for a in worklist.allowed_actions(session, order=order, agent=agent)]

    def test_by_state_and_role(
        self, session: Session, people: dict[str, Agent], orders: dict[str, Order]
    ) -> None:
        before = ["flag", "change_address", "change_quantity", "cancel"]
        assert self.offered(session, orders["o1"], people["lei"]) == before
        assert self.offered(session, orders["o1"], people["ops"]) == [*before, "review"]
        assert self.offered(session, orders["o3"], people["ops"]) == before  # unpaid: no review
        assert self.offered(session, orders["o2"], people["lei"]) == ["flag", "not_received"]
        assert self.offered(session, orders["o4"], people["lei"]) == ["flag", "not_received"]
        actions.do_cancel(session, order=orders["o3"], reason="买家不要了", actor=people["lei"])
        assert self.offered(session, orders["o3"], people["lei"]) == ["flag"]

    def test_what_is_not_offered_the_service_refuses(
        self, session: Session, people: dict[str, Agent], orders: dict[str, Order]
    ) -> None:
        with pytest.raises(Conflict):
            actions.do_cancel(session, order=orders["o2"], reason="不要了", actor=people["lei"])
        with pytest.raises(Conflict):
            logistics.do_report_not_received(
                session, order=orders["o1"], agent=people["lei"], note=None
            )
        orders["o1"].address = None  # a problem blocks the review
        assert "review" not in self.offered(session, orders["o1"], people["ops"])
        with pytest.raises(Conflict):
            order_review.do_review(
                session,
                order=orders["o1"],
                checked=order_review.Checked(remark_read=True),
                reviewer=people["ops"],
            )


def test_over_http(client: TestClient, session: Session, orders: dict[str, Order]) -> None:
    session.commit()
    login(client, "lei")
    found = client.get("/api/v1/orders", params={"q": "o1"})
    assert found.status_code == 200, found.text
    body = found.json()
    assert (body["total"], body["items"][0]["id"], body["items"][0]["amount"]) == (
        1,
        "o1",
        "199.00",
    )
    listed = client.get("/api/v1/orders", params=[("status", "paid"), ("status", "shipped")])
    assert [o["id"] for o in listed.json()["items"]] == ["o1", "o2"]
    detail = client.get("/api/v1/orders/o2").json()
    assert [a["action"] for a in detail["allowed_actions"]] == [
        "flag",
        "not_received",
        "reship",
        "request_invoice",
    ]
    assert detail["allowed_actions"][1]["label"] == "登记签收未收到"
    assert client.get("/api/v1/orders", params={"flag": "pink"}).status_code == 422
    login(client, "qc")  # 质检 does not see orders
    assert client.get("/api/v1/orders").status_code == 403

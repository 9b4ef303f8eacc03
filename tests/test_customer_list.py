"""The customer list: search by any identity (as the old search did) or an order id,
filters (segment, tag, level, RFM class, open case, merged), sorting by what they
bought and when they were last in touch, paging, counts, and who may list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.crm import segments
from kefu.crm import service as crm_service
from kefu.crm.schemas import CallIn, CustomerFilters
from kefu.kit.errors import BadInput
from kefu.kit.paging import PageParams
from kefu.models import Agent, ChatSession, Complaint, Customer, Order, Refund
from kefu.models.team import Role
from tests.chat_helpers import frozen_at
from tests.factories import add_agents, login

NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@pytest.fixture
def people(session: Session) -> dict[str, Agent]:
    return add_agents(session, {"mei": Role.presale, "qc": Role.qc})


def paid_order(
    session: Session, order_id: str, customer_id: str, amount: str, age: int, status: str
) -> None:
    session.add(
        Order(
            id=order_id,
            customer_id=customer_id,
            status=status,
            amount=Decimal(amount),
            cod=False,
            created_at=NOW - age * DAY,
            paid_at=NOW - age * DAY,
        )
    )
    session.flush()


@pytest.fixture
def buyers(session: Session, people: dict[str, Agent]) -> None:
    """c1 bought 199 ten days ago (a refunded order does not count) and has an open
    refund; c2 bought 500 thirty days ago, chatted two days ago, has an open
    complaint; c3 only called yesterday; c4 was merged into c1."""
    session.add_all(
        [
            Customer(
                id="c1",
                nick="tb_lulu",
                name="王丽",
                phone="13800000000",
                email="lu@example.com",
                tags=["老客户"],
                vip_level=2,
                marketing_opt_out=False,
            ),
            Customer(id="c2", nick="tb_momo", tags=["VIP"], vip_level=0, marketing_opt_out=False),
            Customer(id="c3", name="赵六", vip_level=0, marketing_opt_out=False),
            Customer(
                id="c4", nick="访客", merged_into_id="c1", vip_level=0, marketing_opt_out=False
            ),
        ]
    )
    session.flush()
    paid_order(session, "o1", "c1", "199.00", 10, "delivered")
    paid_order(session, "o2", "c1", "50.00", 5, "refunded")
    paid_order(session, "o3", "c2", "500.00", 30, "delivered")
    session.add_all(
        [
            Refund(id="r1", order_id="o1", kind="return", status="requested", requested_at=NOW),
            Complaint(id="k1", customer_id="c2", category="service", opened_at=NOW),
            ChatSession(id="s1", customer_id="c2", channel="web", opened_at=NOW - 2 * DAY),
        ]
    )
    session.flush()
    call = CallIn(at=NOW - DAY, direction="in", duration_s=60, topic="咨询尺码", result="已解答")
    crm_service.do_log_call(
        session, customer=crm_service.get_customer(session, "c3"), agent_id="mei", call=call
    )


def page(session: Session, **kw: Any) -> dict[str, Any]:
    params = PageParams(**{k: kw.pop(k) for k in ("page", "page_size", "sort") if k in kw})
    with frozen_at(NOW):
        return crm_service.customer_list(session, filters=CustomerFilters(**kw), params=params)


def ids(session: Session, **kw: Any) -> list[str]:
    return [item.id for item in page(session, **kw)["items"]]


class TestCustomerList:
    def test_search_by_any_identity(self, session: Session) -> None:
        session.add_all(
            [
                Customer(
                    id="c1",
                    nick="tb_lulu",
                    phone="13800000000",
                    email="lu@example.com",
                    vip_level=0,
                    marketing_opt_out=False,
                ),
                Customer(id="c2", nick="tb_momo", vip_level=0, marketing_opt_out=False),
            ]
        )
        session.flush()
        for text in ("c1", "13800000000", "LU@example.com", "tb_lu", "lulu"):
            assert ids(session, q=text) == ["c1"]
        assert ids(session, q="tb_") == ["c1", "c2"]
        assert ids(session, q="%") == []

    def test_search_by_order_id_and_name(self, session: Session, buyers: None) -> None:
        assert ids(session, q="o3") == ["c2"]
        assert ids(session, q="赵") == ["c3"]

    def test_filters(self, session: Session, buyers: None) -> None:
        assert ids(session) == ["c1", "c2", "c3", "c4"]  # merged profiles last
        assert ids(session, tag="老客户") == ["c1"]
        assert ids(session, tag="VIP") == ["c2"]
        assert ids(session, tag="老") == []  # a whole tag, not part of one
        assert ids(session, vip_level="2") == ["c1"]
        assert ids(session, has_open_case=True) == ["c1", "c2"]
        assert ids(session, has_open_case=False) == ["c3", "c4"]
        assert ids(session, merged=True) == ["c4"]
        assert ids(session, merged=False) == ["c1", "c2", "c3"]
        assert ids(session, rfm="重要挽留客户") == ["c2"]  # bought much, long ago
        assert ids(session, rfm="一般发展客户,重要挽留客户") == ["c1", "c2"]
        with pytest.raises(BadInput):
            ids(session, rfm="好客户")

    def test_segment(self, session: Session, people: dict[str, Agent], buyers: None) -> None:
        rules = {"rules": [{"field": "tag", "op": "has", "value": "VIP"}]}
        segment = segments.do_save(session, name="VIP", rules=rules, author=people["mei"])
        assert ids(session, segment_id=segment.id) == ["c2"]
        assert ids(session, segment_id=segment.id, has_open_case=False) == []

    def test_sorting_paging_and_count(self, session: Session, buyers: None) -> None:
        assert ids(session, sort="-total_spent") == ["c2", "c1", "c3", "c4"]
        assert ids(session, sort="-last_order") == ["c1", "c2", "c3", "c4"]
        assert ids(session, sort="-last_contact") == ["c3", "c2", "c1", "c4"]
        second = page(session, page=2, page_size=3)
        assert (second["total"], [c.id for c in second["items"]]) == (4, ["c4"])

    def test_rows_say_what_they_bought_and_when_we_spoke(
        self, session: Session, buyers: None
    ) -> None:
        rows = {c.id: c for c in page(session)["items"]}
        c1, c2, c3 = rows["c1"], rows["c2"], rows["c3"]
        assert (c1.display_name, c1.order_count, c1.total_spent) == (
            "tb_lulu",
            1,
            Decimal("199.00"),
        )
        assert (c1.last_order_at, c1.last_contact_at, c1.has_open_case) == (
            NOW - 10 * DAY,
            None,
            True,
        )
        assert (c2.total_spent, c2.last_contact_at, c2.tags) == (
            Decimal("500.00"),
            NOW - 2 * DAY,
            ["VIP"],
        )
        assert (c3.display_name, c3.order_count, c3.total_spent, c3.last_contact_at) == (
            "赵六",
            0,
            Decimal("0.00"),
            NOW - DAY,
        )
        assert rows["c4"].merged_into_id == "c1"


def test_over_http(client: TestClient, session: Session, buyers: None) -> None:
    session.commit()
    login(client, "mei")
    found = client.get("/api/v1/customers", params={"q": "tb_"})
    assert found.status_code == 200, found.text
    body = found.json()
    assert (body["total"], [c["id"] for c in body["items"]]) == (2, ["c1", "c2"])
    assert (body["items"][0]["nick"], body["items"][0]["total_spent"]) == ("tb_lulu", "199.00")
    assert client.get("/api/v1/customers", params={"sort": "phone"}).status_code == 422
    login(client, "qc")  # 质检 does not see customers
    assert client.get("/api/v1/customers").status_code == 403

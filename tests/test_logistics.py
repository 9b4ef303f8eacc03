"""The courier-neutral logistics API: batches checked whole with the failing
item's index, idempotent, a CSV import, and the lost-parcel report."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.models import Customer, Order, Task, TrackingEvent
from kefu.models.team import Role
from tests.factories import add_agent, login

AT = "2026-11-20T10:00:00+08:00"


@pytest.fixture
def token(client: TestClient, session: Session) -> str:
    session.add(Customer(id="c1", vip_level=0, marketing_opt_out=False))
    session.flush()
    for n, courier in ((1, "中通快递"), (2, "圆通快递")):
        session.add(
            Order(
                id=f"o{n}",
                customer_id="c1",
                status="shipped",
                amount=Decimal("88.00"),
                cod=False,
                created_at=dt.datetime(2026, 11, 18, tzinfo=dt.UTC),
                courier=courier,
                tracking_no=f"T{n}",
            )
        )
    session.flush()
    add_agent(session, "ops", Role.order_review)
    return login(client, "ops")


def scans(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(TrackingEvent)) or 0


def batch() -> list[dict[str, str]]:
    return [
        {
            "order_id": "o1",
            "at": AT,
            "status": "in_transit",
            "description": "到达杭州转运中心",
            "location": "杭州",
        },
        {"tracking_no": "T2", "at": AT, "status": "lost", "description": "快件丢失"},
    ]


class TestPushEvents:
    def test_the_same_batch_twice_stores_it_once(
        self, client: TestClient, session: Session, token: str
    ) -> None:
        headers = {"X-CSRF-Token": token}
        first = client.post("/api/v1/logistics/events", json=batch(), headers=headers)
        again = client.post("/api/v1/logistics/events", json=batch(), headers=headers)
        assert first.json() == {"received": 2, "added": 2}
        assert again.json() == {"received": 2, "added": 0}
        assert scans(session) == 2

    @pytest.mark.parametrize(
        ("broken", "code"),
        [
            ({"order_id": "o1", "at": AT, "status": "flying", "description": "?"}, "bad_event"),
            (
                {
                    "order_id": "o1",
                    "at": "2026-11-20 10:00",
                    "status": "in_transit",
                    "description": "无时区",
                },
                "bad_event",
            ),
            (
                {"order_id": "nope", "at": AT, "status": "in_transit", "description": "x"},
                "unknown_order",
            ),
            ({"order_id": "o1", "at": AT, "status": "in_transit"}, "bad_event"),
        ],
    )
    def test_a_malformed_item_refuses_the_whole_batch_with_its_index(
        self, client: TestClient, session: Session, token: str, broken: dict, code: str
    ) -> None:
        response = client.post(
            "/api/v1/logistics/events", json=[*batch(), broken], headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 422
        assert (response.json()["code"], response.json()["index"]) == (code, 2)
        assert scans(session) == 0

    def test_a_delivered_scan_delivers_the_order(
        self, client: TestClient, session: Session, token: str
    ) -> None:
        item = {"order_id": "o1", "at": AT, "status": "delivered", "description": "已签收"}
        client.post("/api/v1/logistics/events", json=[item], headers={"X-CSRF-Token": token})
        order = session.get(Order, "o1")
        assert order is not None
        session.refresh(order)
        assert order.status == "delivered" and order.delivered_at is not None


def test_csv_import_names_the_bad_line(client: TestClient, session: Session, token: str) -> None:
    data = "order_id,tracking_no,at,status,description,location\no1,,2026-11-20T10:00:00+08:00,in_transit,运输中,杭州\no2,,yesterday,in_transit,运输中,\n"
    response = client.post(
        "/api/v1/logistics/events.csv",
        files={"file": ("scans.csv", io.BytesIO(data.encode()), "text/csv")},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 422 and "第 3 行" in response.json()["reason"]
    assert scans(session) == 0


def test_lost_parcels_per_courier_and_month(
    client: TestClient, session: Session, token: str
) -> None:
    client.post("/api/v1/logistics/events", json=batch(), headers={"X-CSRF-Token": token})
    report = client.get("/api/v1/logistics/lost", params={"month": "2026-11"}).json()
    assert report["month"] == "2026-11"
    assert [(c["courier"], c["parcels"]) for c in report["couriers"]] == [("圆通快递", 1)]
    assert report["couriers"][0]["orders"][0]["tracking_no"] == "T2"
    assert (
        client.get("/api/v1/logistics/lost", params={"month": "2026-12"}).json()["couriers"] == []
    )


def test_signed_but_not_received_opens_a_task(
    client: TestClient, session: Session, token: str
) -> None:
    response = client.post(
        "/api/v1/orders/o1/not-received",
        json={"note": "买家说没收到"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 204
    task = session.scalars(select(Task).where(Task.order_id == "o1")).one()
    assert task.kind == "logistics_exception" and "签收未收到" in task.title

"""Incident notices (issue 16): affected orders by product, courier, region, status
and dates; one message per buyer; opt-outs skipped; quiet hours defer, never drop;
every affected order's timeline notes it; sending twice sends nothing new."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.incident import jobs as incident_jobs
from kefu.incident import service
from kefu.kit.errors import BadInput
from kefu.models import (
    Agent,
    ChatSession,
    Customer,
    IncidentSend,
    Message,
    Order,
    OrderEvent,
    OrderItem,
    OutgoingMail,
    Product,
    Task,
)
from kefu.models.team import Role
from tests.chat_helpers import frozen_at
from tests.factories import add_agents, login

SH = dt.timezone(dt.timedelta(hours=8))
DAY = dt.datetime(2026, 11, 10, tzinfo=SH)
H = dt.timedelta(hours=1)
NOON, NIGHT = DAY + 12 * H, DAY + 22 * H  # quiet hours are 21:00-09:00 by default
TEXT = "{买家昵称}您好，您的订单 {订单号} 因供应商停产将延迟发货，我们会尽快处理。"
FILTERS = {"product_id": "p-bad", "statuses": ["paid"], "from": "2026-11-01", "to": "2026-11-09"}


def make_orders(db: Session) -> None:
    """200 affected orders of 150 buyers (b000-b049 have two each); b000-b009 opted
    out; b010-b059 are in a live chat, b060-b139 have only an e-mail address, the rest
    neither. Plus orders the filters must leave out."""
    db.add_all([Product(id="p-bad", title="碎花连衣裙"), Product(id="p-ok", title="针织开衫")])
    for n in range(150):
        db.add(
            Customer(
                id=f"b{n:03}",
                nick=f"买家{n}",
                vip_level=0,
                marketing_opt_out=n < 10,
                email=f"b{n}@mail.example" if n < 140 else None,
            )
        )
    db.flush()
    for n in range(10, 60):
        db.add(
            ChatSession(
                id=f"s{n:03}",
                customer_id=f"b{n:03}",
                channel="web",
                opened_at=DAY,
                status="assigned",
            )
        )
    db.flush()
    orders = [(f"o{n:03}", f"b{n % 150:03}", "p-bad", "paid", DAY - 5 * 24 * H) for n in range(200)]
    orders += [
        ("x-product", "b100", "p-ok", "paid", DAY - 5 * 24 * H),
        ("x-status", "b101", "p-bad", "shipped", DAY - 5 * 24 * H),
        ("x-date", "b102", "p-bad", "paid", dt.datetime(2026, 11, 10, tzinfo=SH)),  # 0:00 the 10th
    ]
    for oid, cid, product, status, created in orders:
        db.add(
            Order(
                id=oid,
                customer_id=cid,
                status=status,
                amount=Decimal("99.00"),
                cod=False,
                created_at=created,
            )
        )
        db.flush()
        db.add(OrderItem(order_id=oid, line_no=1, product_id=product, qty=1))
    db.flush()


@pytest.fixture
def author(session: Session) -> Agent:
    make_orders(session)
    return add_agents(session, {"xiaowang": Role.aftersale})["xiaowang"]


def notice(db: Session, author: Agent, channel: str = "chat") -> object:
    data = service.NoticeIn(title="连衣裙延迟发货", text=TEXT, channel=channel, filters=FILTERS)
    return service.do_create(db, data=data, author=author)


def counts(db: Session) -> tuple[int, int, int, int]:
    """(chat messages from the shop, mails queued, call tasks, timeline notes)."""
    said = db.scalar(select(func.count()).select_from(Message).where(Message.sender == "system"))
    mails = db.scalar(select(func.count()).select_from(OutgoingMail))
    calls = db.scalar(select(func.count()).select_from(Task).where(Task.kind == "incident_call"))
    notes = db.scalar(
        select(func.count()).select_from(OrderEvent).where(OrderEvent.kind == "notice")
    )
    return said or 0, mails or 0, calls or 0, notes or 0


class TestAffected:
    def test_by_product_status_and_dates_in_shanghai(self, session: Session, author: Agent) -> None:
        orders = service.affected(session, filters=FILTERS)
        assert len(orders) == 200 and {o.id for o in orders} == {f"o{n:03}" for n in range(200)}
        assert len(service.affected(session, filters={**FILTERS, "to": "2026-11-10"})) == 201

    def test_by_courier_and_region(self, session: Session, author: Agent) -> None:
        o1, o2 = session.get(Order, "o001"), session.get(Order, "o002")
        assert o1 is not None and o2 is not None
        o1.courier, o1.province, o2.courier, o2.city = "中通", "湖北", "中通", "武汉"
        session.flush()
        assert [o.id for o in service.affected(session, filters={"courier": "中通"})] == [
            "o001",
            "o002",
        ]
        assert [o.id for o in service.affected(session, filters={"region": "武汉"})] == ["o002"]


class TestDoCreate:
    @pytest.mark.parametrize(
        ("changes", "code"),
        [
            ({"filters": {"statuses": ["paid"]}}, "no_filter"),
            ({"text": "{快递单号}"}, "bad_template"),
            ({"channel": "sms"}, "bad_channel"),
            ({"filters": {"courier": "中通", "from": "11-01"}}, "bad_period"),
        ],
    )
    def test_refusals(self, session: Session, author: Agent, changes: dict, code: str) -> None:
        data = {"title": "t", "text": TEXT, "channel": "chat", "filters": FILTERS, **changes}
        with pytest.raises(BadInput) as refused:
            service.do_create(session, data=service.NoticeIn(**data), author=author)
        assert refused.value.code == code


class TestPreview:
    def test_buyers_channels_and_the_message(self, session: Session, author: Agent) -> None:
        plan = service.preview(session, notice=notice(session, author), now=NOON)
        assert (plan.orders, len(plan.buyers)) == (200, 150)
        assert (plan.count("sent"), plan.count("skipped")) == (130, 20)
        b10 = next(p for p in plan.buyers if p.customer_id == "b010")
        assert (b10.channel, b10.order_ids) == ("chat", ["o010", "o160"])
        assert (
            b10.text == "买家10您好，您的订单 o010、o160 因供应商停产将延迟发货，我们会尽快处理。"
        )
        reasons = {p.customer_id: p.reason for p in plan.buyers if p.status == "skipped"}
        assert reasons == {
            **{f"b{n:03}": "opted_out" for n in range(10)},
            **{f"b{n:03}": "no_channel" for n in range(140, 150)},
        }
        assert counts(session) == (0, 0, 0, 0)  # a preview writes nothing


class TestDoSend:
    def test_two_hundred_orders_one_message_per_buyer_and_twice_sends_nothing(
        self, session: Session, author: Agent
    ) -> None:
        row = notice(session, author)
        with frozen_at(NOON):
            service.do_send(session, notice=row, author=author, now=NOON)
        assert counts(session) == (50, 80, 0, 200)  # 50 chats, 80 mails, every order noted
        recipients = session.scalars(select(OutgoingMail.recipient)).all()
        assert "b0@mail.example" not in recipients and len(set(recipients)) == 80
        with frozen_at(NOON + H):
            again = service.do_send(session, notice=row, author=author, now=NOON + H)
        assert again.count("already") == 150 and counts(session) == (50, 80, 0, 200)
        note = session.scalar(select(OrderEvent.text).where(OrderEvent.order_id == "o000"))
        assert note == "异常通知「连衣裙延迟发货」：未发送（买家拒收通知）"

    def test_in_quiet_hours_deferred_then_sent_when_they_end(
        self, session: Session, author: Agent
    ) -> None:
        row = notice(session, author)
        with frozen_at(NIGHT):
            plan = service.do_send(session, notice=row, author=author, now=NIGHT)
        assert plan.quiet_until == DAY + 33 * H  # 09:00 the next morning
        assert plan.count("deferred") == 130 and counts(session)[:2] == (0, 0)
        note = session.scalar(select(OrderEvent.text).where(OrderEvent.order_id == "o010"))
        assert note == "异常通知「连衣裙延迟发货」：免打扰时段，在线消息将于 11-11 09:00 发出"
        assert (
            incident_jobs.deliver_deferred(session, now=DAY + 33 * H - dt.timedelta(seconds=1)) == 0
        )
        assert incident_jobs.deliver_deferred(session, now=DAY + 33 * H) == 130
        assert incident_jobs.deliver_deferred(session, now=DAY + 34 * H) == 0
        assert counts(session)[:2] == (50, 80)
        statuses = session.scalars(select(IncidentSend.status)).all()
        assert sorted(set(statuses)) == ["sent", "skipped"]

    def test_call_tasks_for_the_hotline_with_the_message_as_script(
        self, session: Session, author: Agent
    ) -> None:
        row = notice(session, author, channel="call_task")
        with frozen_at(NIGHT):
            service.do_send(session, notice=row, author=author, now=NIGHT)
        tasks = session.scalars(select(Task).where(Task.kind == "incident_call")).all()
        assert len(tasks) == 140  # opted-out buyers are not called either
        first = next(t for t in tasks if t.customer_id == "b010")
        assert (first.group_id, first.due_at) == (
            "热线组",
            DAY + 35 * H,
        )  # 2 h after quiet hours end
        assert first.payload == {
            "script": "买家10您好，您的订单 o010、o160 因供应商停产将延迟发货，我们会尽快处理。"
        }


class TestEndpoints:
    def test_create_preview_send_and_presale_may_not(
        self, client: TestClient, session: Session, author: Agent
    ) -> None:
        add_agents(session, {"xiaomei": Role.presale})
        session.commit()
        with frozen_at(NOON):
            csrf = {"X-CSRF-Token": login(client, "xiaowang")}
            body = {"title": "连衣裙延迟发货", "text": TEXT, "channel": "email", "filters": FILTERS}
            made = client.post("/api/v1/incidents", json=body, headers=csrf)
            assert made.status_code == 201, made.text
            nid = made.json()["id"]
            assert (
                made.json()["filters_text"]
                == "商品 碎花连衣裙；状态 已付款；下单 2026-11-01 至 2026-11-09"
            )
            preview = client.get(f"/api/v1/incidents/{nid}/preview").json()
            sent = client.post(f"/api/v1/incidents/{nid}/send", headers=csrf).json()
            listed = client.get("/api/v1/incidents").json()
            client.post("/api/v1/auth/logout", headers=csrf)
            login(client, "xiaomei")
            refused = client.get("/api/v1/incidents")
        assert (preview["buyers"], preview["to_send"], preview["skipped"]) == (150, 130, 20)
        assert sent["to_send"] == 130 and listed["items"][0]["sent"] == 130
        assert refused.status_code == 403

"""Proactive tasks made by the scheduler, with a controllable clock (issue:
after-sales §3, acceptance 1), and two real scheduler processes on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal

import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.aftersale import jobs as aftersale_jobs
from kefu.models import ChatSession, Complaint, Customer, Order, Review, Task, TrackingEvent
from kefu.models.team import Role
from kefu.order import jobs as order_jobs

UTC = dt.UTC
T = dt.datetime(2026, 11, 10, 2, 0, tzinfo=UTC)


def customer(session: Session) -> None:
    if session.get(Customer, "c1") is None:
        session.add(Customer(id="c1", vip_level=0, marketing_opt_out=False))
        session.flush()


def order(session: Session, order_id: str, status: str = "unpaid", **fields: object) -> Order:
    customer(session)
    fields = {"cod": False, "created_at": T, **fields}
    row = Order(id=order_id, customer_id="c1", status=status, amount=Decimal("59.00"), **fields)
    session.add(row)
    session.flush()
    return row


def tasks(session: Session, kind: str) -> list[Task]:
    return list(session.scalars(select(Task).where(Task.kind == kind).order_by(Task.id)))


class TestPaymentReminders:
    def test_exactly_once_at_twelve_hours(self, session: Session) -> None:
        order(session, "o1")
        order_jobs.payment_reminders(
            session, now=T + dt.timedelta(hours=11, minutes=59, seconds=59)
        )
        assert tasks(session, "payment_reminder") == []
        order_jobs.payment_reminders(session, now=T + dt.timedelta(hours=12))
        order_jobs.payment_reminders(session, now=T + dt.timedelta(hours=12, minutes=1))
        reminders = tasks(session, "payment_reminder")
        assert [(t.order_id, t.status, t.dedupe_key) for t in reminders] == [
            ("o1", "open", "pay:o1")
        ]

    def test_none_if_paid_at_eleven_hours_fifty_nine(self, session: Session) -> None:
        paid = order(session, "o1")
        paid.status, paid.paid_at = "paid", T + dt.timedelta(hours=11, minutes=59)
        session.flush()
        order_jobs.payment_reminders(session, now=T + dt.timedelta(hours=12))
        assert tasks(session, "payment_reminder") == []

    def test_cancelled_when_paid_or_closed_later(self, session: Session) -> None:
        first, second = order(session, "o1"), order(session, "o2")
        order_jobs.payment_reminders(session, now=T + dt.timedelta(hours=12))
        first.status = "paid"
        second.status = "closed"
        session.flush()
        order_jobs.payment_reminders(session, now=T + dt.timedelta(hours=13))
        assert [(t.order_id, t.status, t.payload) for t in tasks(session, "payment_reminder")] == [
            ("o1", "cancelled", {"order_ids": ["o1", "o2"]})  # one reminder a buyer
        ]


def test_cod_orders_get_a_confirmation_call_before_shipping(session: Session) -> None:
    order(session, "o1", status="paid", cod=True)
    order(session, "o2", status="paid")
    order_jobs.cod_confirmations(session, now=T)
    [task] = tasks(session, "cod_confirmation")
    assert (
        task.order_id == "o1"
        and "5.00" in task.title
        and task.payload
        and "服务费" in task.payload["script"]
    )


def test_shipping_notice_and_delivery_follow_up(session: Session) -> None:
    order(session, "o1", status="shipped", shipped_at=T, courier="中通快递", tracking_no="ZT1")
    order(session, "o2", status="delivered", shipped_at=T - dt.timedelta(days=2), delivered_at=T)
    now = T + dt.timedelta(hours=1)
    order_jobs.shipping_notices(session, now=now)
    order_jobs.delivery_followups(session, now=now)
    [notice] = tasks(session, "shipping_notice")
    [follow] = tasks(session, "delivery_followup")
    assert notice.order_id == "o1" and "ZT1" in (notice.payload or {})["text"]
    assert follow.order_id == "o2" and follow.due_at == T + dt.timedelta(hours=24)


class TestLogisticsExceptions:
    def test_no_scan_for_48_hours(self, session: Session) -> None:
        order(session, "o1", status="shipped", shipped_at=T)
        session.add(
            TrackingEvent(
                order_id="o1",
                at=T + dt.timedelta(hours=2),
                status="in_transit",
                description="运输中",
            )
        )
        session.flush()
        order_jobs.logistics_exceptions(session, now=T + dt.timedelta(hours=49, minutes=59))
        assert tasks(session, "logistics_exception") == []
        order_jobs.logistics_exceptions(session, now=T + dt.timedelta(hours=50))
        order_jobs.logistics_exceptions(session, now=T + dt.timedelta(hours=51))
        [task] = tasks(session, "logistics_exception")
        assert "48 小时无物流更新" in task.title

    def test_returned_and_lost_parcels(self, session: Session) -> None:
        for number, status in (("o1", "returned"), ("o2", "lost")):
            order(session, number, status="shipped", shipped_at=T)
            session.add(
                TrackingEvent(
                    order_id=number, at=T + dt.timedelta(hours=5), status=status, description=status
                )
            )
        session.flush()
        order_jobs.logistics_exceptions(session, now=T + dt.timedelta(hours=6))
        titles = sorted(t.title for t in tasks(session, "logistics_exception"))
        assert titles == ["物流异常（丢件）：订单 o2", "物流异常（退回）：订单 o1"]


class TestComplaintDeadlines:
    def test_reminded_two_hours_before_and_escalated_at_the_deadline(
        self, session: Session
    ) -> None:
        customer(session)
        deadline = T + dt.timedelta(hours=24)
        session.add(
            Complaint(
                id="k1", customer_id="c1", category="quality", opened_at=T, promised_by=deadline
            )
        )
        session.flush()
        aftersale_jobs.complaint_deadlines(session, now=deadline - dt.timedelta(hours=2, seconds=1))
        assert tasks(session, "complaint_followup") == []
        aftersale_jobs.complaint_deadlines(session, now=deadline - dt.timedelta(hours=2))
        assert len(tasks(session, "complaint_followup")) == 1
        aftersale_jobs.complaint_deadlines(session, now=deadline - dt.timedelta(seconds=1))
        assert tasks(session, "complaint_escalation") == []
        aftersale_jobs.complaint_deadlines(session, now=deadline)
        aftersale_jobs.complaint_deadlines(session, now=deadline + dt.timedelta(hours=1))
        [escalation] = tasks(session, "complaint_escalation")
        assert (
            escalation.payload == {"escalated_to": "supervisor"}
            and len(tasks(session, "complaint_followup")) == 1
        )

    def test_a_resolved_complaint_is_left_alone(self, session: Session) -> None:
        customer(session)
        session.add(
            Complaint(
                id="k1",
                customer_id="c1",
                category="quality",
                opened_at=T,
                promised_by=T,
                resolved_at=T,
            )
        )
        session.flush()
        aftersale_jobs.complaint_deadlines(session, now=T + dt.timedelta(days=1))
        assert tasks(session, "complaint_escalation") == []


def test_bad_reviews_get_a_seven_day_task_with_the_thirty_day_window(session: Session) -> None:
    order(session, "o1", status="delivered")
    order(session, "o2", status="delivered")
    session.add(Review(id="v1", order_id="o1", rating="bad", at=T, text="太差"))
    session.add(Review(id="v2", order_id="o2", rating="good", at=T, text="好"))
    session.flush()
    aftersale_jobs.review_followups(session, now=T)
    [task] = tasks(session, "review_followup")
    assert task.due_at == T + dt.timedelta(days=7)
    assert task.payload == {
        "review_id": "v1",
        "revise_until": (T + dt.timedelta(days=30)).isoformat(),
    }


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("KEFU_TEST_POSTGRES_URL"), reason="KEFU_TEST_POSTGRES_URL is not set"
)
def test_two_scheduler_processes_on_postgresql_create_each_reminder_once(tmp_path: object) -> None:
    """Two `kefu worker` processes tick at the same moment over 40 unpaid orders."""
    from kefu import migrate
    from kefu.db import make_engine, make_sessionmaker, unit_of_work
    from tests.conftest import fresh_database_url

    url = fresh_database_url("postgresql", tmp_path)  # type: ignore[arg-type]
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        # 40 buyers: a buyer gets one reminder a shop day (order/reminders.py).
        db.add_all(Customer(id=f"c{n}", vip_level=0, marketing_opt_out=False) for n in range(40))
        db.flush()
        old = dt.datetime.now(UTC) - dt.timedelta(hours=13)
        for n in range(40):
            db.add(
                Order(
                    id=f"o{n}",
                    customer_id=f"c{n}",
                    status="unpaid",
                    amount=Decimal("9.90"),
                    cod=False,
                    created_at=old,
                )
            )
    env = {**os.environ, "KEFU_DATABASE_URL": url}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "kefu.cli", "worker", "--ticks", "5", "--every", "0.05"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    lines = [orjson.loads(line) for out, _err in outputs for line in out.splitlines()]
    assert len(lines) == 10 and not [line for line in lines if "error" in line]
    with make_sessionmaker(engine)() as db:
        keys = list(db.scalars(select(Task.dedupe_key).where(Task.kind == "payment_reminder")))
    engine.dispose()
    assert sorted(keys) == sorted(f"pay:o{n}" for n in range(40))


def test_a_shipping_notice_is_sent_into_the_buyers_chat(session: Session) -> None:
    from kefu.chat import service as chat_service
    from kefu.kit.errors import Conflict
    from kefu.messaging import queries as chat_queries
    from kefu.order import notices
    from tests.chat_helpers import WORK_TIME, agent, frozen_at

    mei = agent(session, "mei", group="售后组", role=Role.aftersale)
    order(session, "o1", status="shipped", shipped_at=T, courier="中通快递", tracking_no="ZT1")
    order_jobs.shipping_notices(session, now=T + dt.timedelta(hours=1))
    [task] = tasks(session, "shipping_notice")
    with pytest.raises(Conflict):  # the buyer has no open chat yet
        notices.do_send(session, task=task, agent=mei)
    with frozen_at(WORK_TIME):
        sent = chat_service.do_buyer_send(session, customer_id="c1", client_id="x", text="在吗")
    notices.do_send(session, task=task, agent=mei)
    said = chat_queries.messages_of(session, chat_session=session.get(ChatSession, sent.session_id))  # type: ignore[arg-type]
    assert said[-1].text.endswith("运单号 ZT1，请留意查收。") and task.status == "done"

"""Payment reminders by rule (issue 16): before the shipping cut-off for orders placed
today, large orders as hotline calls with a script, one reminder a buyer a shop day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.hotline import lists
from kefu.kit.paging import PageParams
from kefu.models import Customer, Order, Task
from kefu.order import jobs as order_jobs
from kefu.order import reminders
from kefu.shop import service as shop
from kefu.task import calls
from tests.chat_helpers import frozen_at

SH = dt.timezone(dt.timedelta(hours=8))
TODAY = dt.datetime(2026, 11, 10, tzinfo=SH)
H, M = dt.timedelta(hours=1), dt.timedelta(minutes=1)


def order(
    db: Session, oid: str, cid: str, created: dt.datetime, amount: str = "59.00", **fields: object
) -> Order:
    if db.get(Customer, cid) is None:
        db.add(Customer(id=cid, vip_level=0, marketing_opt_out=False))
    row = Order(
        id=oid,
        customer_id=cid,
        status=fields.pop("status", "unpaid"),
        amount=Decimal(amount),
        cod=fields.pop("cod", False),
        created_at=created,
        **fields,
    )
    db.add(row)
    db.flush()
    return row


def tasks(db: Session) -> list[tuple[str, str | None, str]]:
    rows = db.scalars(select(Task).where(Task.kind.in_(("payment_reminder", "hotline_call"))))
    return sorted((t.kind, t.order_id, t.status) for t in rows)


def run_cutoff(db: Session, at: dt.datetime) -> int:
    with frozen_at(at):
        return reminders.cutoff_reminders(db, now=at)


class TestCutoffReminders:
    def test_from_half_past_three_one_per_buyer_due_at_the_cutoff(self, session: Session) -> None:
        order(session, "o1", "c1", TODAY + 9 * H)
        order(session, "o2", "c1", TODAY + 10 * H, "88.00")  # the same buyer's bigger order
        order(session, "o3", "c2", TODAY + 10 * M)  # 00:10 today
        order(session, "o4", "c3", TODAY - 10 * M)  # 23:50 yesterday: not placed today
        order(session, "o5", "c4", TODAY + 8 * H, status="paid")
        order(session, "o6", "c5", TODAY + 8 * H, cod=True)
        assert run_cutoff(session, TODAY + 15 * H + 29 * M) == 0
        assert run_cutoff(session, TODAY + 15 * H + 30 * M) == 2
        assert run_cutoff(session, TODAY + 16 * H) == 0  # again: nothing new
        assert run_cutoff(session, TODAY + 16 * H + 30 * M) == 0  # the cut-off has passed
        assert tasks(session) == [
            ("payment_reminder", "o2", "open"),
            ("payment_reminder", "o3", "open"),
        ]
        task = session.scalar(select(Task).where(Task.order_id == "o2"))
        assert task is not None and task.payload is not None
        assert task.due_at == dt.datetime(2026, 11, 10, 8, 30, tzinfo=dt.UTC)  # 16:30 Shanghai
        assert task.payload["text"].startswith("亲，您今天拍下的订单 o2（¥88.00）还没有付款")
        assert "今天 16:30 前付款今天就能发货" in task.payload["text"]

    def test_the_shops_own_cutoff_and_lead(self, session: Session) -> None:
        shop.do_set(session, key="shipping_cutoff", value="17:00")
        shop.do_set(session, key="pay_cutoff_lead_minutes", value=20)
        order(session, "o1", "c1", TODAY + 9 * H)
        assert run_cutoff(session, TODAY + 16 * H + 39 * M) == 0
        assert run_cutoff(session, TODAY + 16 * H + 40 * M) == 1

    def test_a_large_order_is_a_hotline_call_with_a_script(self, session: Session) -> None:
        shop.do_set(session, key="pay_call_amount", value="500")
        order(session, "o1", "c1", TODAY + 9 * H, "1299.00")
        run_cutoff(session, TODAY + 15 * H + 45 * M)
        task = session.scalar(select(Task).where(Task.order_id == "o1"))
        assert task is not None and task.payload is not None
        assert (task.kind, task.group_id, task.title, task.dedupe_key) == (
            "hotline_call",
            "热线组",
            "大额未付款：¥1299.00（订单 o1）",
            "hotline:large_unpaid:o1",
        )
        assert task.payload["reason"] == "large_unpaid"
        assert "今天 16:30 前付款，我们今天就能为您发货" in task.payload["script"]


class TestExpireCutoffReminders:
    def test_cancelled_once_the_cutoff_passes_in_shanghai(self, session: Session) -> None:
        order(session, "o1", "c1", TODAY + 9 * H)
        run_cutoff(session, TODAY + 15 * H + 40 * M)
        expire = reminders.expire_cutoff_reminders
        assert expire(session, now=TODAY + 16 * H + 29 * M) == 0  # 16:29 Shanghai, 08:29 UTC
        assert tasks(session) == [("payment_reminder", "o1", "open")]
        assert expire(session, now=TODAY + 16 * H + 30 * M) == 1  # the cut-off, 16:30
        assert expire(session, now=TODAY + 16 * H + 31 * M) == 0  # again: nothing new
        task = session.scalar(select(Task).where(Task.order_id == "o1"))
        assert task is not None
        assert (task.status, task.result_note) == ("cancelled", "已过今天的发货截止时间")

    def test_a_twelve_hour_reminder_is_not_touched(self, session: Session) -> None:
        order(session, "o1", "c1", TODAY - 3 * H)  # 21:00 yesterday: due at 09:00 today
        with frozen_at(TODAY + 9 * H):
            order_jobs.payment_reminders(session, now=TODAY + 9 * H)
        with frozen_at(TODAY + 17 * H):
            assert reminders.expire_cutoff_reminders(session, now=TODAY + 17 * H) == 0
        assert tasks(session) == [("payment_reminder", "o1", "open")]


class TestRemind:
    def test_one_reminder_a_buyer_a_day_across_orders_and_rules(self, session: Session) -> None:
        order(session, "o1", "c1", TODAY + 4 * H)  # 12 h old at 16:00
        order(session, "o2", "c1", TODAY + 9 * H)
        run_cutoff(session, TODAY + 15 * H + 30 * M)  # about o1: the same price, placed first
        for at in (TODAY + 16 * H, TODAY + 23 * H + 59 * M):
            with frozen_at(at):
                assert order_jobs.payment_reminders(session, now=at) == 0
        next_day = TODAY + 24 * H + 30 * M  # 00:30 the next day in Shanghai
        with frozen_at(next_day):
            assert order_jobs.payment_reminders(session, now=next_day) == 1
        keys = session.scalars(select(Task.dedupe_key).order_by(Task.dedupe_key))
        assert list(keys) == ["pay-cutoff:o1", "pay:o1"]  # o2's turn is another day

    def test_the_twelve_hour_rule_calls_large_orders_too(self, session: Session) -> None:
        order(session, "o1", "c1", TODAY, "2000.00")
        with frozen_at(TODAY + 12 * H):
            order_jobs.payment_reminders(session, now=TODAY + 12 * H)
        assert tasks(session) == [("hotline_call", "o1", "open")]
        session.get(Order, "o1").status = "paid"  # type: ignore[union-attr]
        session.flush()
        with frozen_at(TODAY + 13 * H):
            order_jobs.payment_reminders(session, now=TODAY + 13 * H)
        assert tasks(session) == [("hotline_call", "o1", "cancelled")]

    def test_paying_cancels_only_the_large_order_calls(self, session: Session) -> None:
        order(session, "o1", "c1", TODAY, "2000.00")
        other = calls.do_open_call(
            session, reason="callback", who="c1", customer_id="c1", due_at=TODAY + 20 * H
        )
        with frozen_at(TODAY + 12 * H):
            order_jobs.payment_reminders(session, now=TODAY + 12 * H)
        session.get_one(Order, "o1").status = "paid"
        other.order_id = "o1"  # a call of another reason about the same order stays
        session.flush()
        with frozen_at(TODAY + 13 * H):
            order_jobs.payment_reminders(session, now=TODAY + 13 * H)
        rows = session.scalars(select(Task).where(Task.kind == "hotline_call"))
        assert sorted((t.payload["reason"], t.status) for t in rows if t.payload) == [
            ("callback", "open"),
            ("large_unpaid", "cancelled"),
        ]


class TestHotlineDesk:
    def test_the_large_order_call_is_in_the_desks_one_call_list(self, session: Session) -> None:
        shop.do_set(session, key="pay_call_amount", value="500")
        order(session, "o1", "c1", TODAY + 9 * H, "1299.00")
        run_cutoff(session, TODAY + 15 * H + 45 * M)
        with frozen_at(TODAY + 16 * H):
            page = lists.task_list(
                session, open_only=True, agent_ids=None, params=PageParams(page=1, page_size=20)
            )
        assert [(row["order_id"], row["reason"], row["reason_label"]) for row in page["items"]] == [
            ("o1", "large_unpaid", "大额未付款")
        ]
        assert "今天 16:30 前付款" in page["items"][0]["script"]

"""Payment reminders by rule (催付): 12 hours after an unpaid order, and shortly before
the day's shipping cut-off for orders placed today (现在付款今天就能发货).

One buyer gets at most one reminder a shop day, whatever the rule and however many
unpaid orders they have (counted from the reminder tasks opened that day, done or
cancelled ones too). An order at or above ``pay_call_amount`` is not messaged: it
becomes the hotline's call task (kind ``hotline_call``, reason ``large_unpaid``) for the
hotline group with a script. Every task's ``dedupe_key`` names its rule and order, so
running a rule twice opens one task.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit import clock
from kefu.models import Order, Task
from kefu.models.work import TaskKind
from kefu.order import repository
from kefu.shop import service as shop
from kefu.task import calls
from kefu.task import service as task_service

LARGE_UNPAID = "large_unpaid"  # the call task's reason (kefu.task.calls)


def remind(
    db: Session,
    *,
    orders: list[Order],
    now: dt.datetime,
    key: str,
    due_at: dt.datetime,
    assignee_id: str | None = None,
) -> bool:
    """Remind one buyer about her unpaid ``orders`` (one task listing them, about the
    first) unless she was reminded this shop day; True if a new task was opened. When the
    biggest is at or above ``pay_call_amount``, the hotline calls about it instead."""
    first, biggest = orders[0], max(orders, key=lambda order: order.amount)
    if reminded_today(db, customer_id=first.customer_id, now=now):
        return False
    if biggest.amount >= Decimal(shop.get(db, "pay_call_amount")):
        calls.do_open_call(
            db,
            reason=LARGE_UNPAID,
            who=f"¥{biggest.amount}",
            customer_id=biggest.customer_id,
            due_at=due_at,
            script=_script(db, biggest, now),
            order_id=biggest.id,
            assignee_id=assignee_id,
            group_id=task_service.team(db, "hotline_group"),
        )
        return True
    total = sum((order.amount or 0 for order in orders), start=Decimal(0))
    payload: dict[str, object] = {"order_ids": sorted(order.id for order in orders)}
    if key.startswith("pay-cutoff:"):
        payload["text"] = _message(db, first, now)
    task_service.do_open(
        db,
        kind=TaskKind.payment_reminder,
        title=f"催付：订单 {first.id}（¥{first.amount}）"
        if len(orders) == 1
        else f"催付：{len(orders)} 笔未付款订单（共 ¥{total}）",
        due_at=due_at,
        dedupe_key=key,
        assignee_id=assignee_id,
        group_id=task_service.team(db, "presale_group"),
        customer_id=first.customer_id,
        order_id=first.id,
        payload=payload,
    )
    return True


def reminded_today(db: Session, *, customer_id: str, now: dt.datetime) -> bool:
    """Whether the buyer got a 催付 (message or large-order call) this shop day, counting
    done and cancelled ones."""
    start, end = _day(now)
    opened = task_service.opened_for_customer(
        db,
        customer_id=customer_id,
        kinds=(TaskKind.payment_reminder, TaskKind.hotline_call),
        start=start,
        end=end,
    )
    return any(task.kind == TaskKind.payment_reminder or is_call(task) for task in opened)


def is_call(task: Task) -> bool:
    """A large unpaid order's call task (one of the hotline's call tasks)."""
    return calls.is_reason(task, LARGE_UNPAID)


def do_cancel_paid(db: Session, *, still_unpaid: set[str]) -> None:
    """Cancel the open reminders and large-order calls of orders since paid or closed."""
    note = "订单已付款或已关闭"
    task_service.do_cancel_open(db, kind=TaskKind.payment_reminder, keep=still_unpaid, note=note)
    task_service.do_cancel_open(
        db, kind=TaskKind.hotline_call, keep=still_unpaid, note=note, only=is_call
    )


def cutoff_reminders(db: Session, *, now: dt.datetime) -> int:
    """From ``pay_cutoff_lead_minutes`` before the shipping cut-off until the cut-off,
    every buyer with an unpaid order placed today gets one reminder (about their
    biggest such order), due at the cut-off."""
    cutoff = _cutoff(db, now)
    lead = dt.timedelta(minutes=int(shop.get(db, "pay_cutoff_lead_minutes")))
    if not cutoff - lead <= now < cutoff:
        return 0
    count, seen = 0, set()
    for order in repository.unpaid_created_between(db, _day(now)[0], now):
        if order.customer_id in seen:
            continue
        seen.add(order.customer_id)
        count += remind(db, orders=[order], now=now, key=f"pay-cutoff:{order.id}", due_at=cutoff)
    return count


def expire_cutoff_reminders(db: Session, *, now: dt.datetime) -> int:
    """Once the cut-off has passed, "pay now and it ships today" is no longer true: the
    pre-cut-off reminders still open (due at the cut-off) are cancelled. Idempotent."""
    return task_service.do_cancel_open(
        db,
        kind=TaskKind.payment_reminder,
        keep=set(),
        note="已过今天的发货截止时间",
        only=lambda task: (task.dedupe_key or "").startswith("pay-cutoff:") and task.due_at <= now,
    )


def _day(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The shop day ``now`` falls in, as absolute bounds."""
    tz = get_settings().shop_timezone
    today = clock.in_zone(now, tz).date()
    return clock.local_midnight(today, tz), clock.local_midnight(today + dt.timedelta(days=1), tz)


def _cutoff(db: Session, now: dt.datetime) -> dt.datetime:
    hours, minutes = (int(part) for part in str(shop.get(db, "shipping_cutoff")).split(":"))
    return _day(now)[0].replace(hour=hours, minute=minutes)


def _when(db: Session, now: dt.datetime) -> str:
    cutoff = _cutoff(db, now)
    return f"今天 {cutoff:%H:%M} 前" if now < cutoff else "尽快"


def _message(db: Session, order: Order, now: dt.datetime) -> str:
    return (
        f"亲，您今天拍下的订单 {order.id}（¥{order.amount}）还没有付款哦，"
        f"{_when(db, now)}付款今天就能发货～有任何问题随时找我们。"
    )


def _script(db: Session, order: Order, now: dt.datetime) -> str:
    return (
        f"您好，我是{get_settings().shop_name}的客服。您拍下的订单 {order.id}"
        f"（¥{order.amount}）还没有付款，请问是遇到什么问题了吗？"
        f"{_when(db, now)}付款，我们今天就能为您发货。"
        "如对价格、尺码或物流有疑问，可以现在为您解答；买家不想要了，记下原因即可，不要反复劝说。"
    )

"""Payment reminders by rule (催付): 12 hours after an unpaid order, and shortly before
the day's shipping cut-off for orders placed today (现在付款今天就能发货).

One buyer gets at most one reminder a shop day, whatever the rule and however many
unpaid orders they have (counted from the reminder tasks opened that day, done or
cancelled ones too). An order at or above ``pay_call_amount`` is not messaged: it
becomes a call task for the hotline group with a script. Every task's ``dedupe_key``
names its rule and order, so running a rule twice opens one task.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit import clock
from kefu.models import Order
from kefu.models.work import TaskKind
from kefu.order import repository
from kefu.shop import service as shop
from kefu.task import service as task_service

KINDS = (TaskKind.payment_reminder, TaskKind.payment_call)


def remind(db: Session, *, order: Order, now: dt.datetime, key: str, due_at: dt.datetime) -> bool:
    """Open the reminder for ``order`` unless its buyer was reminded this shop day;
    True if a new task was opened."""
    day = _day(now)
    reminded = task_service.opened_for_customer(
        db, customer_id=order.customer_id, kinds=KINDS, start=day[0], end=day[1]
    )
    if reminded:
        return False
    if order.amount >= Decimal(shop.get(db, "pay_call_amount")):
        task_service.do_open(
            db,
            kind=TaskKind.payment_call,
            title=f"电话催付：订单 {order.id}（¥{order.amount}）",
            due_at=due_at,
            dedupe_key=f"call-{key}",
            group_id=task_service.team(db, "hotline_group"),
            customer_id=order.customer_id,
            order_id=order.id,
            payload={"script": _script(db, order, now)},
        )
        return True
    task_service.do_open(
        db,
        kind=TaskKind.payment_reminder,
        title=f"催付：订单 {order.id}（¥{order.amount}）",
        due_at=due_at,
        dedupe_key=key,
        group_id=task_service.team(db, "presale_group"),
        customer_id=order.customer_id,
        order_id=order.id,
        payload={"text": _message(db, order, now)} if key.startswith("pay-cutoff:") else None,
    )
    return True


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
        count += remind(db, order=order, now=now, key=f"pay-cutoff:{order.id}", due_at=cutoff)
    return count


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

"""The order domain's scheduled evaluators (proactive tasks). Each is idempotent:
a task's ``dedupe_key`` names its reason, so running twice makes one task."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.models import Order
from kefu.models.order import OrderStatus, TrackingStatus
from kefu.models.shift import DutyKind
from kefu.models.work import TaskKind
from kefu.order import campaign, reminders, repository
from kefu.shift import coverage as shift_coverage
from kefu.shop import service as shop
from kefu.task import service as task_service

UNPAID_AFTER = dt.timedelta(hours=12)
STALE_AFTER = dt.timedelta(hours=48)
RECENT = dt.timedelta(days=3)  # notices and follow-ups only for what happened lately


def payment_reminders(db: Session, *, now: dt.datetime) -> int:
    """Unpaid for 12 h → one 催付 per buyer and duty day listing her orders, by the rules
    in ``reminders`` (one a buyer a shop day, large orders called); with a 催付 duty in
    the rota, for that day's agent. Reminders of orders since paid or closed are cancelled."""
    by_buyer: dict[tuple[str, dt.date], list[Order]] = {}
    for order in repository.unpaid_created_before(db, now - UNPAID_AFTER):
        day = shift_coverage.duty_day(order.created_at + UNPAID_AFTER)
        by_buyer.setdefault((order.customer_id, day), []).append(order)
    on_duty = shift_coverage.has_duty(db, kind=DutyKind.payment_reminder)
    count = 0
    for (_customer_id, day), mine in by_buyer.items():
        count += reminders.remind(
            db,
            orders=mine,
            now=now,
            key=f"pay:{mine[0].id}",
            due_at=mine[0].created_at + UNPAID_AFTER + dt.timedelta(hours=2),
            assignee_id=shift_coverage.duty_holder(db, kind=DutyKind.payment_reminder, day=day)
            if on_duty
            else None,
        )
    still_unpaid = set(repository.ids_in_status(db, (OrderStatus.unpaid.value,)))
    reminders.do_cancel_paid(db, still_unpaid=still_unpaid)
    return count


def cod_confirmations(db: Session, *, now: dt.datetime) -> int:
    """Every COD order not yet shipped gets a confirmation call task."""
    fee, presale = shop.get(db, "cod_fee"), task_service.team(db, "presale_group")
    orders = repository.cod_not_shipped(db)
    for order in orders:
        task_service.do_open(
            db,
            kind=TaskKind.cod_confirmation,
            title=f"货到付款确认：订单 {order.id}（¥{order.amount}，到付另收 {fee} 元服务费）",
            due_at=order.created_at + dt.timedelta(hours=2),
            dedupe_key=f"cod:{order.id}",
            group_id=presale,
            customer_id=order.customer_id,
            order_id=order.id,
            payload={"script": f"说明到付由快递代收、另收 {fee} 元服务费；确认地址电话后再发货。"},
        )
    task_service.do_cancel_open(
        db,
        kind=TaskKind.cod_confirmation,
        keep={order.id for order in orders},
        note="订单已发货或已关闭",
    )
    return len(orders)


def shipping_notices(db: Session, *, now: dt.datetime) -> int:
    """Shipped lately → a task to send the buyer the shipping notice (发货通知)."""
    count, aftersale = 0, task_service.team(db, "aftersale_group")
    for order in repository.shipped_between(db, now - RECENT, now):
        assert order.shipped_at is not None
        if order.status != OrderStatus.shipped:
            continue  # delivered already: the follow-up says the rest
        task_service.do_open(
            db,
            kind=TaskKind.shipping_notice,
            title=f"发货通知：订单 {order.id}",
            due_at=order.shipped_at + dt.timedelta(hours=4),
            dedupe_key=f"ship-notice:{order.id}",
            group_id=aftersale,
            customer_id=order.customer_id,
            order_id=order.id,
            payload={"text": _shipping_text(order)},
        )
        count += 1
    return count


def _shipping_text(order: Order) -> str:
    courier, number = order.courier or "快递", order.tracking_no or "—"
    return f"亲，您的订单 {order.id} 已由{courier}发出，运单号 {number}，请留意查收。"


def delivery_followups(db: Session, *, now: dt.datetime) -> int:
    """Delivered lately → a follow-up message task (签收回访) a day later."""
    count, aftersale = 0, task_service.team(db, "aftersale_group")
    for order in repository.delivered_between(db, now - RECENT, now):
        assert order.delivered_at is not None
        task_service.do_open(
            db,
            kind=TaskKind.delivery_followup,
            title=f"签收回访：订单 {order.id}",
            due_at=order.delivered_at + dt.timedelta(hours=24),
            dedupe_key=f"delivered:{order.id}",
            group_id=aftersale,
            customer_id=order.customer_id,
            order_id=order.id,
            payload={"text": "亲，宝贝收到了吗？使用中有任何问题随时联系我们哦～"},
        )
        count += 1
    return count


def logistics_exceptions(db: Session, *, now: dt.datetime) -> int:
    """Shipped parcels with no scan for 48 h, returned to sender, or lost → an
    after-sales task each (one per exception and scan)."""
    count, aftersale = 0, task_service.team(db, "aftersale_group")
    for order, latest in repository.in_transit_with_latest_scan(db):
        last_at = latest.at if latest else order.shipped_at
        if latest is not None and latest.status in (TrackingStatus.returned, TrackingStatus.lost):
            label = {"returned": "退回", "lost": "丢件"}[latest.status]
            key = f"logistics-{latest.status}:{order.id}"
        elif last_at is not None and now - last_at >= STALE_AFTER:
            label, key = "48 小时无物流更新", f"logistics-stale:{order.id}:{last_at.isoformat()}"
        else:
            continue
        task_service.do_open(
            db,
            kind=TaskKind.logistics_exception,
            title=f"物流异常（{label}）：订单 {order.id}",
            due_at=now + dt.timedelta(hours=4),
            dedupe_key=key,
            group_id=aftersale,
            customer_id=order.customer_id,
            order_id=order.id,
            payload={"exception": label},
        )
        count += 1
    return count


EVALUATORS = (
    payment_reminders,
    reminders.cutoff_reminders,
    reminders.expire_cutoff_reminders,
    campaign.campaign_alerts,
    cod_confirmations,
    shipping_notices,
    delivery_followups,
    logistics_exceptions,
)

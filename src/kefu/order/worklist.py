"""The order list (filtered, searched, sorted, paged; each row with the buyer's
name, product titles, the flag in force and any open logistics exception) and
what the order page offers: exactly the actions whose service checks pass now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.crm.profile import display_name
from kefu.kit import clock
from kefu.kit.actions import allowed
from kefu.kit.paging import PageParams, paged
from kefu.models import Agent, Order, Task
from kefu.models.work import TaskKind
from kefu.order import actions, logistics, order_review, repository
from kefu.order import service as order_service
from kefu.order.schemas import OrderFilters, OrderListItem
from kefu.task import service as task_service

ACTION_LABELS = {
    "flag": "插旗备注",
    "change_address": "修改地址",
    "change_quantity": "修改数量",
    "cancel": "取消订单",
    "review": "审单通过",
    "not_received": "登记签收未收到",
}


def _paid_between(f: OrderFilters) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The filter's days (both included) as [from, to) instants in the shop's zone."""
    zone = get_settings().shop_timezone
    start = clock.local_midnight(f.paid_from, zone) if f.paid_from else None
    end = clock.local_midnight(f.paid_to + dt.timedelta(days=1), zone) if f.paid_to else None
    return start, end


def order_list(db: Session, *, filters: OrderFilters, params: PageParams) -> dict[str, Any]:
    rows, total = repository.order_page(
        db,
        filters,
        paid_between=_paid_between(filters),
        exception_kind=TaskKind.logistics_exception.value,
        params=params,
    )
    ids = {row[0].id for row in rows}
    titles = order_service.titles_by_order(db, order_ids=ids)
    exceptions = task_service.open_tasks_for_orders(
        db, kind=TaskKind.logistics_exception, order_ids=ids
    )
    shop_cutoff = order_review.cutoff(db)
    items = []
    for order, nick, name, flag in rows:
        names = titles.get(order.id, [])
        items.append(
            OrderListItem(
                id=order.id,
                status=order.status,
                status_label=actions.STATUS_LABELS.get(order.status, order.status),
                customer_id=order.customer_id,
                buyer_name=display_name(order.customer_id, nick, name),
                receiver_name=order.receiver_name,
                amount=order.amount,
                cod=order.cod,
                created_at=order.created_at,
                paid_at=order.paid_at,
                ship_by=_ship_by(order, shop_cutoff),
                shipped_at=order.shipped_at,
                courier=order.courier,
                tracking_no=order.tracking_no,
                flag_colour=flag,
                flag_label=actions.FLAG_LABELS.get(flag) if flag else None,
                exception=_exception(exceptions.get(order.id)),
                product_titles=names,
                items_summary=order_service.items_summary(names),
            )
        )
    return paged(items, total, params)


def _exception(task: Task | None) -> str | None:
    """What the open logistics exception is (tasks opened before it was noted say 物流异常)."""
    if task is None:
        return None
    return (task.payload or {}).get("exception") or "物流异常"


def _ship_by(order: Order, cutoff: dt.time) -> dt.date | None:
    if order.status != "paid" or order.paid_at is None:
        return None
    return order_review.ship_day(order.paid_at, cutoff=cutoff)


def allowed_actions(db: Session, *, order: Order, agent: Agent) -> list[dict[str, str]]:
    """The order page's buttons for this agent: each action's own service check decides."""
    checks = {
        "flag": lambda: None,  # any time, by anyone who may see the order
        "change_address": lambda: actions.check_unshipped(order, "change_address"),
        "change_quantity": lambda: actions.check_unshipped(order, "change_quantity"),
        "cancel": lambda: actions.check_unshipped(order, "cancel"),
        "review": lambda: order_review.check_reviewable(
            db, order=order, reviewer=agent, checked=order_review.ALL_CHECKED
        ),
        "not_received": lambda: logistics.check_can_report_not_received(order),
    }
    return allowed(checks, ACTION_LABELS)

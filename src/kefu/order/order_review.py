"""The order review queue (审单) and shipping.

Paid orders wait for a reviewer, who checks the address is inside the courier's
coverage, reads the buyer's remark, and for COD orders that the buyer confirmed.
An order paid before the shop's cut-off (default 16:30, in the shop's zone) ships
the same day, else the next day; the queue shows what is late. Shipping is marked
in batches (JSON or CSV), all or nothing, the failing item named by its index.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit import clock
from kefu.kit.batches import item_error, parse_items
from kefu.kit.errors import BadInput, Conflict, Forbidden, csv_line_error
from kefu.models import Agent, Order, OrderEvent
from kefu.models.order import OrderStatus
from kefu.models.team import Role
from kefu.models.work import TaskKind
from kefu.order import repository
from kefu.shop import service as shop
from kefu.task import service as task_service

# Who reviews orders and marks them shipped (the routes that do it admit these roles).
REVIEW_ROLES = (Role.order_review, Role.supervisor)


def cutoff(db: Session) -> dt.time:
    return dt.time.fromisoformat(shop.get(db, "shipping_cutoff"))


def ship_day(paid_at: dt.datetime, *, cutoff: dt.time) -> dt.date:
    """The day an order must ship: the day it was paid (shop's zone) if before the
    cut-off, else the next day."""
    local = clock.in_zone(paid_at, get_settings().shop_timezone)
    return local.date() if local.time() < cutoff else local.date() + dt.timedelta(days=1)


def ship_by(db: Session, *, paid_at: dt.datetime) -> dt.date:
    return ship_day(paid_at, cutoff=cutoff(db))


@dataclass(frozen=True)
class QueueItem:
    order: Order
    ship_by: dt.date
    late: bool
    problems: list[str]
    changes: list[str]  # quantity changes since payment: check the amount


def problems(db: Session, order: Order) -> list[str]:
    """What a reviewer must settle before the order may ship."""
    found = []
    courier = order.courier or shop.get(db, "couriers")
    if order.province and order.province in (shop.get(db, "courier_excluded") or {}).get(
        courier, []
    ):
        found.append(f"{courier}不派送{order.province}")
    if not order.address:
        found.append("没有收货地址")
    if order.cod and task_service.open_task_for_order(
        db, kind=TaskKind.cod_confirmation, order_id=order.id
    ):
        found.append("货到付款尚未确认")
    return found


def queue(db: Session, *, now: dt.datetime | None = None) -> list[QueueItem]:
    """Paid, unshipped orders, the most urgent first."""
    today = clock.in_zone(now or clock.now(), get_settings().shop_timezone).date()
    items = []
    for order in repository.paid_unshipped(db):
        due = ship_by(db, paid_at=order.paid_at or order.created_at)
        changes = [e.text for e in repository.events_of(db, order.id) if e.kind == "quantity"]
        items.append(QueueItem(order, due, due < today, problems(db, order), changes))
    return sorted(
        items, key=lambda item: (item.ship_by, item.order.paid_at or item.order.created_at)
    )


def check_reviewable(db: Session, *, order: Order, reviewer: Agent, remark_read: bool) -> None:
    """Whether the reviewer may pass the order for shipping now (raises what blocks it)."""
    if Role(reviewer.role) not in REVIEW_ROLES:
        raise Forbidden("只有审单和主管可以审单", code="not_order_review")
    if order.status != OrderStatus.paid:
        raise Conflict("只有已付款、未发货的订单需要审单", code="not_reviewable")
    found = problems(db, order)
    if order.buyer_remark and not remark_read:
        found.append("请先阅读买家留言")
    if found:
        raise Conflict("；".join(found), code="review_blocked")


def do_review(db: Session, *, order: Order, remark_read: bool, reviewer: Agent) -> Order:
    check_reviewable(db, order=order, reviewer=reviewer, remark_read=remark_read)
    order.reviewed_at, order.reviewed_by = clock.now(), reviewer.id
    repository.add(
        db,
        OrderEvent(
            order_id=order.id,
            at=order.reviewed_at,
            kind="reviewed",
            actor_id=reviewer.id,
            text="审单通过",
        ),
    )
    return order


class ShipIn(BaseModel):
    order_id: str = Field(min_length=1, max_length=64)
    courier: str = Field(min_length=1, max_length=32)
    tracking_no: str = Field(min_length=4, max_length=64)


def do_ship_batch(db: Session, *, items: list[Any], actor: Agent) -> int:
    """Mark reviewed orders shipped with their tracking numbers, all or nothing."""
    checked: list[tuple[Order, ShipIn]] = []
    for index, ship in enumerate(parse_items(items, ShipIn, code="bad_item")):
        order = repository.order(db, ship.order_id)
        if order is None:
            raise item_error(index, f"没有订单 {ship.order_id}", code="unknown_order")
        if order.status != OrderStatus.paid or order.reviewed_at is None:
            raise item_error(index, f"订单 {order.id} 未审单或已发货", code="not_shippable")
        checked.append((order, ship))
    now = clock.now()
    for order, ship in checked:
        order.status, order.shipped_at = OrderStatus.shipped.value, now
        order.courier, order.tracking_no = ship.courier, ship.tracking_no
        repository.add(
            db,
            OrderEvent(
                order_id=order.id,
                at=now,
                kind="shipped",
                actor_id=actor.id,
                text=f"发货：{ship.courier} {ship.tracking_no}",
            ),
        )
    return len(checked)


def do_ship_csv(db: Session, *, data: str, actor: Agent) -> int:
    """``order_id,courier,tracking_no`` rows; a bad row is named by its line."""
    rows = [dict(row) for row in csv.DictReader(io.StringIO(data))]
    try:
        return do_ship_batch(db, items=rows, actor=actor)
    except BadInput as error:
        raise csv_line_error(error) from None

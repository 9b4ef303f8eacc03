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
from kefu.models import Agent, Order, OrderEvent, RemarkFlag
from kefu.models.order import OrderStatus
from kefu.models.team import Role
from kefu.models.work import TaskKind
from kefu.order import repository
from kefu.shop import service as shop
from kefu.task import service as task_service

# Who reviews orders and marks them shipped (the routes that do it admit these roles).
REVIEW_ROLES = (Role.order_review, Role.supervisor)
MAX_PACKS = 50


def cutoff(db: Session) -> dt.time:
    return dt.time.fromisoformat(shop.get(db, "shipping_cutoff"))


def ship_day(paid_at: dt.datetime, *, cutoff: dt.time) -> dt.date:
    """The day an order must ship: the day it was paid (shop's zone) if before the
    cut-off, else the next day."""
    local = clock.in_zone(paid_at, get_settings().shop_timezone)
    return local.date() if local.time() < cutoff else local.date() + dt.timedelta(days=1)


def ship_by(db: Session, *, paid_at: dt.datetime) -> dt.date:
    return ship_day(paid_at, cutoff=cutoff(db))


# Campaign mode (大促): every order ships within this long of its payment, in payment
# order; the queue alerts when less than ``ALERT_BEFORE`` is left.
CAMPAIGN_WITHIN = dt.timedelta(hours=24)
ALERT_BEFORE = dt.timedelta(hours=4)
INVOICE_STATUS = {"requested": "待开票", "issued": "已开票", "sent": "已发送", "posted": "已寄出"}


@dataclass(frozen=True)
class QueueItem:
    order: Order
    ship_by: dt.date
    due_at: dt.datetime  # absolute: the end of the ship-by day, or payment + 24 h (大促)
    late: bool
    alert: bool  # 大促: less than ALERT_BEFORE left, or late
    problems: list[str]
    changes: list[str]  # quantity changes since payment: check the amount
    flag: RemarkFlag | None
    address_changes: list[str]
    gifts: list[int]  # line numbers given free (price 0): check they are packed
    invoice: str | None  # the order's invoice, to check the title and amount
    reship_of: str | None


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


def ship_due(db: Session, *, order: Order, campaign: bool) -> dt.datetime:
    paid = order.paid_at or order.created_at
    if campaign:
        return paid + CAMPAIGN_WITHIN
    day = ship_by(db, paid_at=paid) + dt.timedelta(days=1)
    return clock.local_midnight(day, get_settings().shop_timezone)


def gift_lines(order: Order) -> list[int]:
    """Lines given free (price 0) in a paid-for order; a 补发 order (amount 0) has none."""
    if not order.amount:
        return []
    return [item.line_no for item in order.items if item.price is not None and item.price == 0]


def queue(db: Session, *, now: dt.datetime | None = None) -> list[QueueItem]:
    """Paid, unshipped orders, the most urgent first (大促: in payment order)."""
    now = now or clock.now()
    today = clock.in_zone(now, get_settings().shop_timezone).date()
    campaign = bool(shop.get(db, "campaign_mode"))
    orders = repository.paid_unshipped(db)
    ids = {order.id for order in orders}
    flags = repository.latest_flags(db, ids)
    events = repository.events_of_kinds(db, ids, ("quantity", "address"))
    invoices = repository.live_invoices(db, ids)
    origins = repository.reship_origins(db, ids)
    items = []
    for order in orders:
        due = ship_by(db, paid_at=order.paid_at or order.created_at)
        due_at = ship_due(db, order=order, campaign=campaign)
        late = due_at <= now if campaign else due < today
        mine = events.get(order.id, [])
        invoice = invoices.get(order.id)
        items.append(
            QueueItem(
                order=order,
                ship_by=due,
                due_at=due_at,
                late=late,
                alert=campaign and due_at - now < ALERT_BEFORE,
                problems=problems(db, order),
                changes=[e.text for e in mine if e.kind == "quantity"],
                flag=flags.get(order.id),
                address_changes=[e.text for e in mine if e.kind == "address"],
                gifts=gift_lines(order),
                invoice=INVOICE_STATUS.get(invoice.status) if invoice else None,
                reship_of=origins.get(order.id),
            )
        )
    if campaign:
        return sorted(items, key=lambda item: item.order.paid_at or item.order.created_at)
    return sorted(
        items, key=lambda item: (item.ship_by, item.order.paid_at or item.order.created_at)
    )


@dataclass(frozen=True)
class Checked:
    """What the reviewer confirms in the review dialog."""

    remark_read: bool = False
    gifts_checked: bool = False
    invoice_checked: bool = False
    packs: int = 1


# The order page offers review when nothing but the dialog's confirmations is missing.
ALL_CHECKED = Checked(remark_read=True, gifts_checked=True, invoice_checked=True)


def check_reviewable(db: Session, *, order: Order, reviewer: Agent, checked: Checked) -> None:
    """Whether the reviewer may pass the order for shipping now (raises what blocks it)."""
    if Role(reviewer.role) not in REVIEW_ROLES:
        raise Forbidden("只有审单和主管可以审单", code="not_order_review")
    if order.status != OrderStatus.paid:
        raise Conflict("只有已付款、未发货的订单需要审单", code="not_reviewable")
    if not 1 <= checked.packs <= MAX_PACKS:
        raise BadInput(f"件数应为 1–{MAX_PACKS}", code="bad_packs")
    found = problems(db, order)
    if order.buyer_remark and not checked.remark_read:
        found.append("请先阅读买家留言")
    gifts = bool(order.amount) and repository.has_free_lines(db, order.id)
    if gifts and not checked.gifts_checked:
        found.append("请核对赠品")
    if repository.live_invoices(db, {order.id}) and not checked.invoice_checked:
        found.append("请核对发票信息")
    if found:
        raise Conflict("；".join(found), code="review_blocked")


def do_review(db: Session, *, order: Order, checked: Checked, reviewer: Agent) -> Order:
    check_reviewable(db, order=order, reviewer=reviewer, checked=checked)
    order.reviewed_at, order.reviewed_by = clock.now(), reviewer.id
    order.packs = checked.packs
    repository.add(
        db,
        OrderEvent(
            order_id=order.id,
            at=order.reviewed_at,
            kind="reviewed",
            actor_id=reviewer.id,
            text=f"审单通过（{checked.packs} 件）",
        ),
    )
    return order


class ShipIn(BaseModel):
    order_id: str = Field(min_length=1, max_length=64)
    courier: str = Field(min_length=1, max_length=32)
    tracking_no: str = Field(min_length=4, max_length=64)
    packs: int | None = Field(default=None, ge=1, le=MAX_PACKS)  # parcels counted at the desk


def do_ship_batch(db: Session, *, items: list[Any], actor: Agent) -> int:
    """Mark reviewed orders shipped with their tracking numbers, all or nothing."""
    checked: list[tuple[Order, ShipIn]] = []
    for index, ship in enumerate(parse_items(items, ShipIn, code="bad_item")):
        order = repository.order(db, ship.order_id)
        if order is None:
            raise item_error(index, f"没有订单 {ship.order_id}", code="unknown_order")
        if order.status != OrderStatus.paid or order.reviewed_at is None:
            raise item_error(index, f"订单 {order.id} 未审单或已发货", code="not_shippable")
        expected = order.packs or 1
        if ship.packs is None and expected > 1:
            raise item_error(index, f"订单 {order.id} 应发 {expected} 件，请填写件数", code="packs")
        if ship.packs is not None and ship.packs != expected:
            raise item_error(
                index,
                f"订单 {order.id} 件数不符：审单为 {expected} 件，实发 {ship.packs} 件",
                code="packs_mismatch",
            )
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

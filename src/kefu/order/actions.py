"""What staff do to an order from the workbench or the order page: find it, flag
it (小红旗), change its address (not once shipped), cancel it (before shipping),
and read its timeline. Every change is an ``order_events`` row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict
from kefu.kit.ids import new_id
from kefu.models import Agent, Intercept, Order, OrderEvent, RemarkFlag
from kefu.models.aftersale import REFUND_KIND_LABELS
from kefu.models.order import FlagColour, OrderStatus
from kefu.models.reship import InterceptStatus
from kefu.order import address, repository
from kefu.shop import service as shop

# How long the warehouse has to answer an intercept request.
INTERCEPT_WITHIN = dt.timedelta(hours=2)
UNSHIPPED = (OrderStatus.unpaid.value, OrderStatus.paid.value)
FLAG_LABELS = {
    "grey": "灰旗",
    "red": "红旗",
    "yellow": "黄旗",
    "green": "绿旗",
    "blue": "蓝旗",
    "purple": "紫旗",
}
STATUS_LABELS = {
    "unpaid": "待付款",
    "paid": "已付款",
    "shipped": "已发货",
    "delivered": "已签收",
    "closed": "已关闭",
    "refunded": "已退款",
}


# Why each change is refused once the order has shipped.
SHIPPED_REFUSALS = {
    "change_address": "订单已发货，不能再改地址（可联系快递改派）",
    "cancel": "订单已发货，不能取消；请走退货退款",
    "change_quantity": "订单已发货，不能改数量",
}


def check_unshipped(order: Order, action: str) -> None:
    if order.status not in UNSHIPPED:
        raise Conflict(SHIPPED_REFUSALS[action], code="already_shipped")


def _event(db: Session, order: Order, kind: str, text: str, actor: Agent | None) -> None:
    repository.add(
        db,
        OrderEvent(
            order_id=order.id,
            at=clock.now(),
            kind=kind,
            actor_id=actor.id if actor else None,
            text=text,
        ),
    )


def do_flag(db: Session, *, order: Order, colour: str, text: str, author: Agent) -> RemarkFlag:
    """A new version of the order's flag; earlier versions stay as its history."""
    if colour not in FlagColour.__members__:
        raise BadInput(f"未知的旗色 {colour!r}", code="bad_flag")
    flag = RemarkFlag(
        order_id=order.id,
        colour=colour,
        text=text.strip(),
        author_id=author.id,
        created_at=clock.now(),
    )
    repository.add(db, flag)
    return flag


def do_change_address(
    db: Session, *, order: Order, text: str, receiver_name: str, receiver_phone: str, actor: Agent
) -> Order:
    check_unshipped(order, "change_address")
    parsed = address.parse(text)
    if parsed is None:
        raise BadInput(
            "地址需包含省、市和详细地址，如：浙江省杭州市西湖区文三路100号", code="bad_address"
        )
    phone = receiver_phone.replace(" ", "")
    if not address.valid_phone(phone):
        raise BadInput("手机号或座机号码不正确", code="bad_phone")
    if not receiver_name.strip():
        raise BadInput("需要收件人姓名", code="bad_receiver")
    courier = order.courier or shop.get(db, "couriers")
    excluded = (shop.get(db, "courier_excluded") or {}).get(courier, [])
    if parsed.province in excluded:
        raise BadInput(f"{courier}不派送{parsed.province}，请换快递或地址", code="outside_coverage")
    before = (
        f"{order.receiver_name or ''} {order.receiver_phone or ''} {order.address or ''}".strip()
    )
    order.address, order.province, order.city, order.district = (
        parsed.full,
        parsed.province,
        parsed.city,
        parsed.district,
    )
    order.receiver_name, order.receiver_phone = receiver_name.strip(), phone
    _event(
        db,
        order,
        "address",
        f"地址由「{before}」改为「{receiver_name.strip()} {phone} {parsed.full}」",
        actor,
    )
    return order


def do_cancel(db: Session, *, order: Order, reason: str, actor: Agent) -> Order:
    """Close an unshipped order. Once review has passed it the warehouse may be
    packing it: an intercept request (拦截) goes to the warehouse, answered by ``due_at``."""
    check_unshipped(order, "cancel")
    if not reason.strip():
        raise BadInput("取消需要原因", code="reason_required")
    order.status, order.closed_at = OrderStatus.closed.value, clock.now()
    _event(db, order, "cancel", f"取消订单：{reason.strip()}", actor)
    if order.reviewed_at is not None:
        repository.add(
            db,
            Intercept(
                id=new_id("ic"),
                order_id=order.id,
                reason=reason.strip(),
                status=InterceptStatus.pending.value,
                requested_at=order.closed_at,
                requested_by=actor.id,
                due_at=order.closed_at + INTERCEPT_WITHIN,
            ),
        )
        _event(db, order, "intercept", "已审单，通知仓库拦截", actor)
    return order


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    kind: str
    text: str
    who: str | None = None


def timeline(db: Session, *, order: Order) -> list[Entry]:
    """Created, paid, shipped, every courier scan, delivered, refunds, flags and
    staff changes, oldest first."""
    entries = [
        Entry(
            order.created_at,
            "created",
            f"下单 ¥{order.amount}{'（货到付款）' if order.cod else ''}",
        )
    ]
    for at, kind, text in (
        (order.paid_at, "paid", "付款"),
        (
            order.shipped_at,
            "shipped",
            f"发货：{order.courier or ''} {order.tracking_no or ''}".strip(),
        ),
        (order.delivered_at, "delivered", "签收"),
        (order.closed_at, "closed", "订单关闭"),
    ):
        if at is not None:
            entries.append(Entry(at, kind, text))
    entries += [
        Entry(e.at, "tracking", f"{e.location + ' ' if e.location else ''}{e.description}")
        for e in repository.tracking_of(db, order.id)
    ]
    entries += [
        Entry(
            r.requested_at,
            "refund",
            f"售后申请（{REFUND_KIND_LABELS.get(r.kind, r.kind)}）："
            f"{r.reason or ''} ¥{r.amount or ''}".strip(),
        )
        for r in repository.refunds_of(db, order.id)
    ]
    entries += [
        Entry(f.created_at, "flag", f"{FLAG_LABELS.get(f.colour, f.colour)}：{f.text}", f.author_id)
        for f in repository.flags_of(db, order.id)
    ]
    entries += [Entry(e.at, e.kind, e.text, e.actor_id) for e in repository.events_of(db, order.id)]
    return sorted(entries, key=lambda entry: entry.at)


def flags(db: Session, *, order: Order) -> list[RemarkFlag]:
    return repository.flags_of(db, order.id)


def do_change_quantity(db: Session, *, order: Order, line_no: int, qty: int, actor: Agent) -> Order:
    """A buyer asked for more or fewer of an item before shipping (改数量); logged,
    and the review queue shows it so the amount is checked."""
    check_unshipped(order, "change_quantity")
    if not 1 <= qty <= 999:
        raise BadInput("数量应为 1–999", code="bad_qty")
    item = next((i for i in order.items if i.line_no == line_no), None)
    if item is None:
        raise BadInput(f"订单没有第 {line_no} 行商品", code="bad_line")
    if item.qty != qty:
        _event(
            db,
            order,
            "quantity",
            f"第 {line_no} 行 {item.product_id} 数量 {item.qty} → {qty}",
            actor,
        )
        item.qty = qty
    return order

"""Order-aware answers: facts from the buyer's own orders, never anyone else's.

Each intent looks at the orders it is about (logistics: shipped; shipping time:
paid, not shipped; ...). An order number in the message picks one, if it is the
buyer's; one the buyer does not own reads as not found, so a stranger's order
number reveals nothing. With several candidates the bot asks which one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from kefu.aftersale import queries as aftersale_queries
from kefu.config import get_settings
from kefu.kit import clock
from kefu.models import Order
from kefu.models.aftersale import RefundStatus
from kefu.models.order import OrderStatus
from kefu.order import service as order_service
from kefu.shop import service as shop

UNSHIPPED = (OrderStatus.unpaid.value, OrderStatus.paid.value)
# The orders each intent is about, in tiers: the first tier with any order counts
# (cancel: the unshipped ones; only if none, a shipped one, to say it is too late).
CANDIDATES: dict[str, tuple[tuple[str, ...], ...]] = {
    "logistics_query": ((OrderStatus.shipped.value,), (OrderStatus.delivered.value,)),
    "shipping_time": ((OrderStatus.paid.value,),),
    "change_address": (UNSHIPPED, (OrderStatus.shipped.value,)),
    "cancel_order": (UNSHIPPED, (OrderStatus.shipped.value,)),
    "cod": ((*UNSHIPPED, OrderStatus.shipped.value),),
}
_ORDER_NO = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{3,63}")


@dataclass
class OrderReply:
    text: str
    order_id: str | None = None
    asks: list[str] = field(default_factory=list)  # order ids offered, when it asks which


def answer(
    db: Session, *, intent: str, customer_id: str, text: str, chosen: str | None = None
) -> OrderReply | None:
    """The answer for an order intent, or None when the buyer has nothing it is about."""
    if intent == "refund_status":
        return _refund_status(db, customer_id=customer_id)
    mentioned = _mentioned(text, chosen)
    tiers = CANDIDATES[intent]
    # One query: the orders of every tier, or all of them when the buyer names one.
    wanted = tuple(OrderStatus) if mentioned else tuple({s for tier in tiers for s in tier})
    own = order_service.orders_in_status(db, customer_id=customer_id, statuses=wanted)
    orders: list[Order] = []
    for statuses in tiers:
        orders = [o for o in own if o.status in statuses and (intent != "cod" or o.cod)]
        if orders:
            break
    if mentioned:
        picked = [order for order in own if order.id in mentioned]
        if not picked:
            return OrderReply("没有找到这个订单号，请核对后再发给我，或从“我的订单”里复制哦。")
        orders = picked[:1]
    if not orders:
        return None
    if len(orders) > 1:
        return _ask_which(db, orders)
    return OrderReply(ANSWERS[intent](db, orders[0]), order_id=orders[0].id)


def _mentioned(text: str, chosen: str | None) -> set[str]:
    found = set(_ORDER_NO.findall(text))
    if chosen:
        found.add(chosen)
    return found


def _ask_which(db: Session, orders: list[Order]) -> OrderReply:
    shown = orders[:5]
    lines = [
        f"{n}. 订单 {order.id}（{order_service.order_title(db, order=order)}）"
        for n, order in enumerate(shown, start=1)
    ]
    text = f"您有 {len(orders)} 个相关订单，请问是哪一个？回复序号或订单号即可：\n" + "\n".join(
        lines
    )
    return OrderReply(text, asks=[order.id for order in shown])


def _local(at: dt.datetime) -> dt.datetime:
    return clock.in_zone(at, get_settings().shop_timezone)


def _logistics(db: Session, order: Order) -> str:
    title = order_service.order_title(db, order=order)
    carrier = f"{order.courier or '快递'} {order.tracking_no or ''}".strip()
    event = order_service.latest_tracking(db, order=order)
    if event is None:
        shipped = _local(order.shipped_at).strftime("%m月%d日 %H:%M") if order.shipped_at else ""
        return (
            f"订单 {order.id}（{title}）已于 {shipped} 发出，{carrier}，"
            "暂时还没有物流更新，请稍后再查哦。"
        )
    at = _local(event.at).strftime("%m月%d日 %H:%M")
    where = f"{event.location} " if event.location else ""
    return f"订单 {order.id}（{title}）{carrier}，最新物流：{at} {where}{event.description}"


def _shipping_time(db: Session, order: Order) -> str:
    cutoff = dt.time.fromisoformat(shop.get(db, "shipping_cutoff"))
    now = _local(clock.now())
    paid = _local(order.paid_at or order.created_at)
    same_day = paid.date() == now.date() and paid.time() < cutoff
    if same_day:
        when = "今天发出"
    elif paid.date() == now.date():
        when = "明天发出"
    elif now.time() < cutoff:
        when = "今天内发出"
    else:
        when = "明天优先发出"
    return (
        f"订单 {order.id} 于 {paid.strftime('%m月%d日 %H:%M')} 付款，"
        f"每天 {cutoff.strftime('%H:%M')} 前付款的订单当天发货，您的订单预计{when}，"
        f"默认{shop.get(db, 'couriers')}。"
    )


def _change_address(db: Session, order: Order) -> str:
    if order.status in UNSHIPPED:
        return (
            f"订单 {order.id} 还没有发货，可以修改地址。"
            "请把新的收件人、电话和详细地址发给我，我马上为您修改。"
        )
    return (
        f"订单 {order.id} 已经发货了，无法再修改地址。"
        f"可以联系{order.courier or '快递'}（运单号 {order.tracking_no or '见订单详情'}）改派。"
    )


def _cancel(db: Session, order: Order) -> str:
    if order.status in UNSHIPPED:
        return (
            f"订单 {order.id} 还没有发货，可以取消：在“我的订单”里点“取消订单”或“申请退款”，"
            "款项会原路退回。"
        )
    return f"订单 {order.id} 已经发货，不能取消了；收到后如不需要，可以申请退货退款哦。"


def _cod(db: Session, order: Order) -> str:
    return (
        f"订单 {order.id} 是货到付款，签收时付给快递员 {order.amount} 元；"
        f"到付由快递代收，另有 {shop.get(db, 'cod_fee')} 元服务费，所以比在线付款略贵。"
    )


ANSWERS = {
    "logistics_query": _logistics,
    "shipping_time": _shipping_time,
    "change_address": _change_address,
    "cancel_order": _cancel,
    "cod": _cod,
}


def _refund_status(db: Session, *, customer_id: str) -> OrderReply | None:
    refunds = aftersale_queries.recent_refunds(db, customer_id=customer_id, limit=3)
    if not refunds:
        return None
    states = aftersale_queries.STATUS_TEXT
    lines = [
        f"订单 {refund.order_id} 的{'退款' if refund.kind == 'refund_only' else '退货/换货'}"
        f"（{refund.amount or '—'} 元）：{states.get(RefundStatus(refund.status), refund.status)}"
        for refund in refunds
    ]
    return OrderReply("为您查到：\n" + "\n".join(lines), order_id=refunds[0].order_id)

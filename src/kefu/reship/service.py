"""Re-shipping (补发/补单): missing, wrong or damaged items sent again.

The 补发 is an order of its own (amount 0, paid at creation) so that review,
printing, shipping and tracking treat it like any order; its ``reships`` row
links it to the original with the reason and who pays the freight. Sales
figures leave these orders out (kpi/repository); they are counted apart here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, found
from kefu.models import Agent, Order, OrderItem, Reship
from kefu.models.order import OrderStatus
from kefu.order import service as order_service
from kefu.reship import repository
from kefu.reship.schemas import ReshipIn
from kefu.shop import service as shop

REASON_LABELS = {
    "missing": "漏发/少发",
    "wrong": "发错货",
    "damaged": "破损/质量问题",
    "lost": "丢件",
    "other": "其他",
}
PAYER_LABELS = {
    "shop": "商家承担",
    "courier": "快递赔付",
    "supplier": "供应商承担",
    "buyer": "买家承担",
}
# Only an order that left the warehouse can have arrived short, wrong or broken.
RESHIPPABLE = (OrderStatus.shipped.value, OrderStatus.delivered.value)


def do_create(db: Session, *, original: Order, body: ReshipIn, actor: Agent) -> Reship:
    """A 补发 order for some of the original's lines, waiting for review."""
    if original.status not in RESHIPPABLE:
        raise Conflict("只有已发货或已签收的订单可以补发", code="not_reshippable")
    if repository.reship_by_order(db, original.id) is not None:
        raise Conflict("补发单不能再补发，请对原订单补发", code="reship_of_reship")
    lines = {item.line_no: item for item in original.items}
    items = []
    for n, wanted in enumerate(body.items, start=1):
        line = lines.get(wanted.line_no)
        if line is None:
            raise BadInput(f"原订单没有第 {wanted.line_no} 行商品", code="bad_line")
        if wanted.qty > line.qty:
            raise BadInput(f"第 {wanted.line_no} 行最多补发 {line.qty} 件", code="bad_qty")
        items.append(
            OrderItem(
                line_no=n,
                product_id=line.product_id,
                sku_id=line.sku_id,
                qty=wanted.qty,
                price=Decimal("0.00"),
            )
        )
    now = clock.now()
    count = repository.count_for_original(db, original.id)
    order = order_service.do_add_order(
        db,
        order=Order(
            id=f"{original.id}-BF{count + 1}",
            customer_id=original.customer_id,
            status=OrderStatus.paid.value,
            amount=Decimal("0.00"),
            cod=False,
            created_at=now,
            paid_at=now,
            address=original.address,
            receiver_name=original.receiver_name,
            receiver_phone=original.receiver_phone,
            province=original.province,
            city=original.city,
            district=original.district,
            courier=original.courier,
            buyer_remark=f"补发（{REASON_LABELS[body.reason]}），原订单 {original.id}",
        ),
        items=items,
    )
    reship = Reship(
        id=shop.case_number(db, prefix="BF", model=Reship),
        order_id=order.id,
        original_order_id=original.id,
        reason=body.reason.value,
        note=(body.note or "").strip() or None,
        freight_payer=body.freight_payer.value,
        freight=body.freight,
        created_at=now,
        created_by=actor.id,
    )
    repository.add(db, reship)
    order_service.do_log(
        db,
        order_id=original.id,
        kind="reship",
        text=f"补发 {order.id}：{REASON_LABELS[body.reason]}，"
        f"运费{PAYER_LABELS[body.freight_payer]}",
        actor_id=actor.id,
    )
    return reship


def get(db: Session, *, reship_id: str) -> Reship:
    return found(repository.reship(db, reship_id), "没有这个补发单", code="reship_not_found")


def for_original(db: Session, *, order_id: str) -> list[Reship]:
    return repository.reships_of_original(db, order_id)


def origin_of(db: Session, *, order_id: str) -> Reship | None:
    """The re-shipment this order is, or None for an ordinary order."""
    return repository.reship_by_order(db, order_id)


def recent_for_customer(
    db: Session, *, customer_id: str, limit: int = 3
) -> list[tuple[Reship, Order]]:
    return repository.reships_of_customer(db, customer_id, limit)


def report(db: Session, *, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """Re-shipments of [start, end) by reason and by who pays the freight: counted
    apart from sales, as the cost of mistakes and damage."""
    rows = repository.reships_between(db, start, end)
    by_reason = Counter(r.reason for r in rows)
    freight: dict[str, Decimal] = {}
    for r in rows:
        freight[r.freight_payer] = freight.get(r.freight_payer, Decimal(0)) + (r.freight or 0)
    return {
        "total": len(rows),
        "by_reason": [
            {"reason": k, "label": REASON_LABELS[k], "count": by_reason[k]}
            for k in REASON_LABELS
            if by_reason[k]
        ],
        "freight": [
            {"payer": k, "label": PAYER_LABELS[k], "amount": str(freight[k])}
            for k in PAYER_LABELS
            if k in freight
        ],
    }

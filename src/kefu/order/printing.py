"""Picking list (拣货单) and waybill data (面单信息) of the orders review passed,
for the warehouse. The staff app lays them out as a print page and the browser
makes the PDF (``window.print()``), so the server needs no PDF library or fonts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kit.errors import BadInput
from kefu.models.order import OrderStatus
from kefu.order import repository
from kefu.shop import service as shop

MAX_ORDERS = 200


def print_sheet(db: Session, *, order_ids: list[str]) -> dict[str, Any]:
    """Lines summed by product and SKU (what to pick), then one waybill per order."""
    wanted = list(dict.fromkeys(order_ids))
    if not 1 <= len(wanted) <= MAX_ORDERS:
        raise BadInput(f"一次打印 1–{MAX_ORDERS} 个订单", code="bad_print")
    orders = repository.orders_with_items(db, wanted)
    missing = set(wanted) - {order.id for order in orders}
    if missing:
        raise BadInput(f"没有订单 {'、'.join(sorted(missing))}", code="unknown_order")
    not_ready = [o.id for o in orders if o.status != OrderStatus.paid or o.reviewed_at is None]
    if not_ready:
        raise BadInput(f"订单 {'、'.join(not_ready)} 未审单或已发货", code="not_reviewed")
    titles = repository.product_titles(db, {i.product_id for o in orders for i in o.items})
    origins = repository.reship_origins(db, set(wanted))
    picking: dict[tuple[str, str | None], dict[str, Any]] = {}
    for order in orders:
        for item in order.items:
            key = (item.product_id, item.sku_id)
            line = picking.setdefault(
                key,
                {
                    "product_id": item.product_id,
                    "title": titles.get(item.product_id, item.product_id),
                    "sku_id": item.sku_id,
                    "qty": 0,
                    "orders": [],
                },
            )
            line["qty"] += item.qty
            line["orders"].append(order.id)
    default_courier = shop.get(db, "couriers")
    return {
        "printed_at": clock.now().isoformat(),
        "picking": sorted(picking.values(), key=lambda line: (line["title"], line["sku_id"] or "")),
        "waybills": [
            {
                "order_id": order.id,
                "receiver_name": order.receiver_name,
                "receiver_phone": order.receiver_phone,
                "address": order.address,
                "courier": order.courier or default_courier,
                "packs": order.packs or 1,
                "cod_amount": str(order.amount) if order.cod else None,
                "buyer_remark": order.buyer_remark,
                "reship_of": origins.get(order.id),
                "items": [
                    f"{titles.get(i.product_id, i.product_id)}{f' {i.sku_id}' if i.sku_id else ''}"
                    f" ×{i.qty}"
                    for i in order.items
                ],
            }
            for order in orders
        ],
    }

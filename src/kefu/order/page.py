"""The order page's data: what a person reads (product titles, people's names, Chinese labels)
and the actions this agent may take in the order's current state."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.crm.profile import display_name
from kefu.models import Agent, Order
from kefu.order import actions, order_review, repository, worklist
from kefu.order.schemas import OrderOut
from kefu.team import service as team_service


def order_page(db: Session, *, order: Order, agent: Agent) -> dict[str, Any]:
    flags = actions.flags(db, order=order)
    timeline = actions.timeline(db, order=order)
    names = team_service.names_of(
        db,
        agent_ids={f.author_id for f in flags if f.author_id} | {e.who for e in timeline if e.who},
    )
    titles = repository.product_titles(db, {item.product_id for item in order.items})
    return {
        "order": OrderOut.model_validate(order).model_dump(mode="json"),
        "status_label": actions.STATUS_LABELS.get(order.status, order.status),
        "allowed_actions": worklist.allowed_actions(db, order=order, agent=agent)
        + _fulfil_actions(db, order),
        "reship_of": repository.reship_origins(db, {order.id}).get(order.id),
        "packs": order.packs,
        "customer_id": order.customer_id,
        "buyer_name": buyer_names(db, {order.customer_id})[order.customer_id],
        "buyer_remark": order.buyer_remark,
        "reviewed": order.reviewed_at is not None,
        "receiver_name": order.receiver_name,
        "receiver_phone": order.receiver_phone,
        "address": order.address,
        "items": [
            {
                "line_no": item.line_no,
                "product_id": item.product_id,
                "title": titles.get(item.product_id, item.product_id),
                "sku_id": item.sku_id,
                "qty": item.qty,
                "price": str(item.price) if item.price is not None else None,
            }
            for item in order.items
        ],
        "flags": [
            {
                "colour": f.colour,
                "colour_label": actions.FLAG_LABELS.get(f.colour, f.colour),
                "text": f.text,
                "author_name": names.get(f.author_id or "", "系统"),
                "at": f.created_at.isoformat(),
            }
            for f in flags
        ],
        "timeline": [
            {
                "at": e.at.isoformat(),
                "kind": e.kind,
                "text": e.text,
                "who_name": names.get(e.who) if e.who else None,
            }
            for e in timeline
        ],
    }


# The order page's 补发 and 发票 buttons; the reship/ and invoice/ services check again.
RESHIPPABLE = ("shipped", "delivered")
INVOICEABLE = ("paid", "shipped", "delivered")


def _fulfil_actions(db: Session, order: Order) -> list[dict[str, str]]:
    found = []
    origin = repository.reship_origins(db, {order.id}).get(order.id)
    if order.status in RESHIPPABLE and origin is None:
        found.append({"action": "reship", "label": "补发"})
    if (
        order.status in INVOICEABLE
        and origin is None
        and not repository.live_invoices(db, {order.id})
    ):
        found.append({"action": "request_invoice", "label": "申请发票"})
    return found


def buyer_names(db: Session, customer_ids: set[str]) -> dict[str, str]:
    found = repository.buyer_nicks_and_names(db, customer_ids)
    return {cid: display_name(cid, *found.get(cid, (None, None))) for cid in customer_ids}


def review_rows(db: Session) -> list[dict[str, Any]]:
    """The 审单 queue as the page shows it: buyer names and product titles beside each order."""
    queue = order_review.queue(db)
    ids = {item.order.id for item in queue}
    titles = repository.titles_by_order(db, ids)
    names = buyer_names(db, {item.order.customer_id for item in queue})
    return [
        {
            "order": OrderOut.model_validate(item.order).model_dump(mode="json"),
            "buyer_name": names[item.order.customer_id],
            "product_titles": titles.get(item.order.id, []),
            "buyer_remark": item.order.buyer_remark,
            "reviewed": item.order.reviewed_at is not None,
            "ship_by": item.ship_by.isoformat(),
            "due_at": item.due_at.isoformat(),
            "late": item.late,
            "alert": item.alert,
            "problems": item.problems,
            "changes": item.changes,
            "flag": item.flag
            and {
                "colour": item.flag.colour,
                "colour_label": actions.FLAG_LABELS.get(item.flag.colour, item.flag.colour),
                "text": item.flag.text,
            },
            "address_changes": item.address_changes,
            "gift_lines": [
                title
                for n, title in enumerate(titles.get(item.order.id, []), start=1)
                if n in item.gifts
            ],
            "invoice": item.invoice,
            "reship_of": item.reship_of,
            "packs": item.order.packs,
        }
        for item in queue
    ]

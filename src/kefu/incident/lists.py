"""What the incident pages read: notices with counts and their conditions in words,
and a plan with buyers by name."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.catalog import service as catalog_service
from kefu.crm import service as crm_service
from kefu.incident import repository
from kefu.incident.schemas import NoticeItem, PlannedOut, PlanOut
from kefu.incident.service import Plan
from kefu.kit.paging import PageParams, paged
from kefu.models import IncidentNotice
from kefu.order.actions import STATUS_LABELS
from kefu.team import service as team_service


def notice_page(db: Session, *, q: str | None, params: PageParams) -> dict[str, Any]:
    rows, total = repository.notice_page(db, q=q, params=params)
    items = [
        _item(db, notice, name, sent or 0, deferred or 0, skipped or 0)
        for notice, name, sent, deferred, skipped in rows
    ]
    return paged(items, total, params)


def notice_item(db: Session, *, notice: IncidentNotice) -> NoticeItem:
    sends = repository.sends_of(db, notice.id).values()
    counts = {
        s: sum(1 for row in sends if row.status == s) for s in ("sent", "deferred", "skipped")
    }
    name = team_service.names_of(db, agent_ids={notice.created_by}).get(notice.created_by, "")
    return _item(db, notice, name, counts["sent"], counts["deferred"], counts["skipped"])


def _item(
    db: Session, notice: IncidentNotice, name: str, sent: int, deferred: int, skipped: int
) -> NoticeItem:
    return NoticeItem(
        id=notice.id,
        title=notice.title,
        text=notice.text,
        channel=notice.channel,
        filters=notice.filters,
        filters_text=filters_text(db, notice.filters),
        created_by_name=name,
        created_at=notice.created_at,
        sent_at=notice.sent_at,
        sent=sent,
        deferred=deferred,
        skipped=skipped,
    )


def filters_text(db: Session, filters: dict[str, Any]) -> str:
    """The conditions as a person reads them: 商品 碎花连衣裙；快递 中通；地区 湖北 ..."""
    parts = []
    if filters.get("product_id"):
        product = catalog_service.get_product(db, filters["product_id"])
        parts.append(f"商品 {product.title if product else filters['product_id']}")
    for key, label in (("sku_id", "SKU"), ("courier", "快递"), ("region", "地区")):
        if filters.get(key):
            parts.append(f"{label} {filters[key]}")
    if filters.get("statuses"):
        names = "、".join(STATUS_LABELS.get(s, s) for s in filters["statuses"])
        parts.append(f"状态 {names}")
    if filters.get("from") or filters.get("to"):
        parts.append(f"下单 {filters.get('from') or '…'} 至 {filters.get('to') or '…'}")
    return "；".join(parts)


def plan_out(db: Session, *, plan: Plan) -> PlanOut:
    names = crm_service.display_names(db, customer_ids=[p.customer_id for p in plan.buyers])
    return PlanOut(
        orders=plan.orders,
        buyers=len(plan.buyers),
        to_send=plan.count("sent"),
        deferred=plan.count("deferred"),
        skipped=plan.count("skipped"),
        already=plan.count("already"),
        quiet_until=plan.quiet_until,
        sample=plan.buyers[0].text if plan.buyers else None,
        items=[
            PlannedOut(
                customer_id=p.customer_id,
                buyer_name=names[p.customer_id],
                order_ids=p.order_ids,
                channel=p.channel,
                status=p.status,
                reason=p.reason,
                earlier=p.earlier,
                text=p.text,
            )
            for p in plan.buyers
        ],
    )

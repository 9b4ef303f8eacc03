"""The 补发 list as the page shows it: buyer names, product titles, Chinese labels."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.crm.profile import display_name
from kefu.kit.paging import PageParams, paged
from kefu.order import actions
from kefu.order import service as order_service
from kefu.reship import repository
from kefu.reship.schemas import ReshipFilters, ReshipRow
from kefu.reship.service import PAYER_LABELS, REASON_LABELS
from kefu.team import service as team_service


def reship_list(db: Session, *, filters: ReshipFilters, params: PageParams) -> dict[str, Any]:
    rows, total = repository.reship_page(
        db,
        reasons=[r.value for r in filters.reason],
        statuses=filters.status,
        q=filters.q,
        params=params,
    )
    titles = order_service.titles_by_order(db, order_ids={order.id for _, order, *_ in rows})
    names = team_service.names_of(db, agent_ids={r.created_by for r, *_ in rows if r.created_by})
    items = [
        ReshipRow(
            id=reship.id,
            order_id=order.id,
            original_order_id=reship.original_order_id,
            buyer_name=display_name(order.customer_id, nick, name),
            reason=reship.reason,
            reason_label=REASON_LABELS[reship.reason],
            freight_payer=reship.freight_payer,
            freight_payer_label=PAYER_LABELS[reship.freight_payer],
            freight=reship.freight,
            note=reship.note,
            status=order.status,
            status_label=actions.STATUS_LABELS.get(order.status, order.status),
            courier=order.courier,
            tracking_no=order.tracking_no,
            items_summary=order_service.items_summary(titles.get(order.id, [])),
            created_at=reship.created_at,
            created_by_name=names.get(reship.created_by or ""),
        )
        for reship, order, nick, name in rows
    ]
    return paged(items, total, params)

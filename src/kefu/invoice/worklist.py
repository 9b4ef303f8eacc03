"""The invoice queue (审单) as the page shows it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.crm.profile import display_name
from kefu.invoice import repository
from kefu.invoice.schemas import InvoiceFilters, InvoiceRow
from kefu.invoice.service import (
    DELIVERY_LABELS,
    KIND_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    TITLE_LABELS,
    allowed_actions,
)
from kefu.kit import clock
from kefu.kit.paging import PageParams, paged
from kefu.team import service as team_service


def invoice_list(db: Session, *, filters: InvoiceFilters, params: PageParams) -> dict[str, Any]:
    now = clock.now()
    rows, total = repository.invoice_page(
        db,
        statuses=[s.value for s in filters.status],
        overdue=filters.overdue,
        order_id=filters.order_id,
        q=filters.q,
        now=now,
        params=params,
    )
    people = {i.requested_by for i, *_ in rows} | {i.issued_by for i, *_ in rows}
    names = team_service.names_of(db, agent_ids={p for p in people if p})
    items = [
        InvoiceRow(
            id=i.id,
            order_id=i.order_id,
            customer_id=i.customer_id,
            buyer_name=display_name(i.customer_id, nick, name),
            kind=i.kind,
            kind_label=KIND_LABELS[i.kind],
            title_type=i.title_type,
            title_type_label=TITLE_LABELS[i.title_type],
            title=i.title,
            tax_id=i.tax_id,
            delivery=i.delivery,
            delivery_label=DELIVERY_LABELS[i.delivery],
            email=i.email,
            post_address=i.post_address,
            source=i.source,
            source_label=SOURCE_LABELS[i.source],
            status=i.status,
            status_label=STATUS_LABELS[i.status],
            requested_at=i.requested_at,
            requested_by_name=names.get(i.requested_by or ""),
            due_at=i.due_at,
            overdue=i.status in repository.OPEN and i.due_at < now,
            number=i.number,
            amount=i.amount,
            order_amount=order_amount,
            has_pdf=i.pdf_sha256 is not None,
            issued_at=i.issued_at,
            issued_by_name=names.get(i.issued_by or ""),
            sent_at=i.sent_at,
            courier=i.courier,
            tracking_no=i.tracking_no,
            reject_reason=i.reject_reason,
            allowed_actions=allowed_actions(i),
        )
        for i, order_amount, nick, name in rows
    ]
    return paged(items, total, params)

"""The after-sales worklists: refunds, complaints and medium/bad reviews, each
filtered, searched, sorted and paged, every row carrying what a person reads (the
buyer's name, product titles, the handler's name, the deadline and whether it has
passed) rather than bare ids."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import refunds, repository
from kefu.aftersale.cases import CATEGORY_LABELS, excerpt
from kefu.aftersale.jobs import CONTACT_WINDOW, REVISE_WINDOW
from kefu.aftersale.product_review import REVIEW_RESULTS
from kefu.aftersale.schemas import (
    ComplaintFilters,
    ComplaintItem,
    RefundFilters,
    RefundItem,
    ReviewFilters,
    ReviewItem,
    StateCount,
    StateCounts,
)
from kefu.crm.profile import display_name
from kefu.kit import clock
from kefu.kit.paging import PageParams, paged
from kefu.models.aftersale import REVIEW_RATING_LABELS, RefundStatus
from kefu.order import service as order_service

COMPLAINT_STATUS_LABELS = {"open": "处理中", "resolved": "已解决"}
REVIEW_STATUS_LABELS = {"pending": "待处理", "handled": "已处理"}
RATING_LABELS = REVIEW_RATING_LABELS
EXCERPT = 60
WINDOWS = (CONTACT_WINDOW, REVISE_WINDOW)


def refund_list(db: Session, *, filters: RefundFilters, params: PageParams) -> dict[str, Any]:
    now = clock.now()
    rows, total = repository.refund_page(db, filters, now=now, params=params)
    titles = order_service.titles_by_order(db, order_ids={row[0].order_id for row in rows})
    items = [
        RefundItem(
            id=refund.id,
            kind=refund.kind,
            kind_label=refunds.KIND_LABELS.get(refund.kind, refund.kind),
            status=refund.status,
            status_label=refunds.STATUS_LABELS[RefundStatus(refund.status)],
            amount=str(refund.amount) if refund.amount is not None else None,
            order_id=refund.order_id,
            customer_id=customer_id,
            buyer_name=display_name(customer_id, nick, name),
            product_titles=titles.get(refund.order_id, []),
            reason=refund.reason,
            due_at=refund.due_at,
            overdue=refund.due_at is not None and refund.due_at < now,
            handler_id=refund.handler_id,
            handler_name=handler_name,
            last_actor_name=last_actor_name,
            created_at=refund.requested_at,
        )
        for refund, customer_id, nick, name, handler_name, last_actor_name in rows
    ]
    return paged(items, total, params)


def holders(db: Session, *, of: str) -> list[dict[str, str]]:
    """Who holds some refund (处理人) or complaint (负责人): a list's filter choices."""
    return [{"id": agent_id, "name": name} for agent_id, name in repository.holders(db, of=of)]


def complaint_overdue(complaint: Any, now: dt.datetime) -> bool:
    promised = complaint.promised_by
    return complaint.resolved_at is None and promised is not None and promised < now


def complaint_status(complaint: Any) -> str:
    return "open" if complaint.resolved_at is None else "resolved"


def complaint_list(db: Session, *, filters: ComplaintFilters, params: PageParams) -> dict[str, Any]:
    now = clock.now()
    rows, total = repository.complaint_page(db, filters, now=now, params=params)
    items = [
        ComplaintItem(
            id=complaint.id,
            status=complaint_status(complaint),
            status_label=COMPLAINT_STATUS_LABELS[complaint_status(complaint)],
            category=complaint.category,
            category_label=CATEGORY_LABELS.get(complaint.category, complaint.category),
            customer_id=complaint.customer_id,
            buyer_name=display_name(complaint.customer_id, nick, name),
            order_id=complaint.order_id,
            summary=complaint.summary,
            opened_at=complaint.opened_at,
            promised_by=complaint.promised_by,
            resolved_at=complaint.resolved_at,
            overdue=complaint_overdue(complaint, now),
            owner_id=complaint.owner_id,
            handler_name=owner_name,
        )
        for complaint, nick, name, owner_name in rows
    ]
    return paged(items, total, params)


def review_list(db: Session, *, filters: ReviewFilters, params: PageParams) -> dict[str, Any]:
    now = clock.now()
    rows, total = repository.review_page(db, filters, now=now, windows=WINDOWS, params=params)
    titles = order_service.titles_by_order(db, order_ids={row[0].order_id for row in rows})
    items = []
    for review, customer_id, nick, name, handler_id, handler_name, contacts in rows:
        status = "pending" if review.handled_at is None else "handled"
        items.append(
            ReviewItem(
                id=review.id,
                status=status,
                status_label=REVIEW_STATUS_LABELS[status],
                rating=review.rating,
                rating_label=RATING_LABELS.get(review.rating, review.rating),
                order_id=review.order_id,
                customer_id=customer_id,
                buyer_name=display_name(customer_id, nick, name),
                product_titles=titles.get(review.order_id, []),
                text_excerpt=excerpt(review.text, EXCERPT),
                created_at=review.at,
                contact_due_at=review.at + CONTACT_WINDOW,
                revise_by=review.at + REVISE_WINDOW,
                overdue=status == "pending" and review.at + CONTACT_WINDOW < now,
                result=review.result,
                result_label=REVIEW_RESULTS.get(review.result or ""),
                handler_id=handler_id,
                handler_name=handler_name,
                contacts=contacts,
            )
        )
    return paged(items, total, params)


def _counts(found: dict[str, tuple[int, int]], labels: dict[str, str]) -> StateCounts:
    """Every state of the list, those with no rows too, so a tab never lacks its number."""
    return StateCounts(
        states=[
            StateCount(
                status=status,
                label=label,
                count=found.get(status, (0, 0))[0],
                overdue=found.get(status, (0, 0))[1],
            )
            for status, label in labels.items()
        ],
        total=sum(count for count, _late in found.values()),
        overdue=sum(late for _count, late in found.values()),
    )


def refund_counts(db: Session, *, filters: RefundFilters) -> StateCounts:
    found = repository.refund_counts(db, filters, now=clock.now())
    return _counts(found, {status.value: label for status, label in refunds.STATUS_LABELS.items()})


def complaint_counts(db: Session, *, filters: ComplaintFilters) -> StateCounts:
    found = repository.complaint_counts(db, filters, now=clock.now())
    return _counts(found, COMPLAINT_STATUS_LABELS)


def review_counts(db: Session, *, filters: ReviewFilters) -> StateCounts:
    found = repository.review_counts(db, filters, now=clock.now(), windows=WINDOWS)
    return _counts(found, REVIEW_STATUS_LABELS)

"""Every query of internal tickets, departments and platform claims."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from kefu.kit.filters import narrow, text_search, yes_no
from kefu.kit.paging import PageParams, by_deadline, fetch_page
from kefu.models import Department, InternalTicket, PlatformClaim
from kefu.ticket.schemas import ClaimFilters, TicketFilters


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def departments(db: Session) -> list[Department]:
    return list(db.scalars(select(Department).order_by(Department.id)))


def department(db: Session, department_id: str) -> Department | None:
    return db.get(Department, department_id)


def open_counts(db: Session, now: dt.datetime) -> dict[str, tuple[int, int]]:
    """Per department: open tickets and how many of them are past their deadline."""
    late = func.sum(case((InternalTicket.due_at < now, 1), else_=0))
    query = (
        select(InternalTicket.department_id, func.count(), late)
        .where(InternalTicket.answered_at.is_(None), InternalTicket.department_id.is_not(None))
        .group_by(InternalTicket.department_id)
    )
    return {dep: (count, int(overdue or 0)) for dep, count, overdue in db.execute(query)}


def ticket(db: Session, ticket_id: str) -> InternalTicket | None:
    return db.get(InternalTicket, ticket_id)


def tickets(
    db: Session,
    *,
    filters: TicketFilters,
    params: PageParams,
    now: dt.datetime,
    requester_id: str,
) -> tuple[list[Any], int]:
    state = {
        "open": InternalTicket.answered_at.is_(None),
        "answered": InternalTicket.answered_at.is_not(None),
    }
    late = and_(
        InternalTicket.answered_at.is_(None),
        InternalTicket.due_at.is_not(None),
        InternalTicket.due_at < now,
    )
    query: Select[Any] = narrow(
        select(InternalTicket),
        InternalTicket.kind == filters.kind if filters.kind else None,
        InternalTicket.department_id == filters.department_id if filters.department_id else None,
        state[filters.state] if filters.state else None,
        yes_no(late, filters.overdue),
        InternalTicket.requester_id == requester_id if filters.mine else None,
        text_search(
            filters.q,
            exact=[InternalTicket.id, InternalTicket.customer_id],
            partial=[InternalTicket.note],
        ),
    )
    query = by_deadline(
        query, params.sort, InternalTicket, settled=InternalTicket.answered_at.is_not(None)
    )
    return fetch_page(db, query, params)


def claim(db: Session, claim_id: str) -> PlatformClaim | None:
    return db.get(PlatformClaim, claim_id)


def claims(
    db: Session, *, filters: ClaimFilters, params: PageParams, now: dt.datetime
) -> tuple[list[Any], int]:
    state = {
        "open": PlatformClaim.closed_at.is_(None),
        "closed": PlatformClaim.closed_at.is_not(None),
    }
    late = and_(
        PlatformClaim.closed_at.is_(None),
        PlatformClaim.due_at.is_not(None),
        PlatformClaim.due_at < now,
    )
    query: Select[Any] = narrow(
        select(PlatformClaim),
        state[filters.state] if filters.state else None,
        PlatformClaim.platform == filters.platform if filters.platform else None,
        yes_no(late, filters.overdue),
        text_search(
            filters.q,
            exact=[PlatformClaim.id, PlatformClaim.order_id, PlatformClaim.customer_id],
            partial=[PlatformClaim.reason],
        ),
    )
    query = by_deadline(
        query, params.sort, PlatformClaim, settled=PlatformClaim.closed_at.is_not(None)
    )
    return fetch_page(db, query, params)


def claims_due_before(db: Session, until: dt.datetime) -> list[PlatformClaim]:
    query = select(PlatformClaim).where(
        PlatformClaim.closed_at.is_(None), PlatformClaim.due_at < until
    )
    return list(db.scalars(query.order_by(PlatformClaim.due_at, PlatformClaim.id)))

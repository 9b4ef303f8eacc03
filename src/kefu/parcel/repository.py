"""Every query of the parcel cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from kefu.kit.filters import narrow, text_search, yes_no
from kefu.kit.paging import PageParams, by_deadline, fetch_page
from kefu.models import CaseNote, ParcelCase
from kefu.models.aftercare import ClaimStatus, ParcelKind
from kefu.parcel.schemas import ParcelFilters


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def parcel_case(db: Session, case_id: str) -> ParcelCase | None:
    return db.get(ParcelCase, case_id)


def _contacts() -> Any:
    return (
        select(func.count())
        .where(
            CaseNote.case_kind == "parcel",
            CaseNote.case_id == ParcelCase.id,
            CaseNote.kind == "contact",
        )
        .scalar_subquery()
    )


def parcel_cases(
    db: Session, *, filters: ParcelFilters, params: PageParams, now: dt.datetime
) -> tuple[list[Any], int]:
    query: Select[Any] = select(ParcelCase, _contacts().label("contacts"))
    state = {"open": ParcelCase.solved_at.is_(None), "solved": ParcelCase.solved_at.is_not(None)}
    query = narrow(
        query,
        ParcelCase.kind.in_(filters.kind) if filters.kind else None,
        state[filters.state] if filters.state else None,
        ParcelCase.claim_status.in_(filters.claim_status) if filters.claim_status else None,
        yes_no(and_(ParcelCase.due_at.is_not(None), ParcelCase.due_at < now), filters.overdue),
        ParcelCase.owner_id == filters.owner_id if filters.owner_id else None,
        text_search(
            filters.q,
            exact=[ParcelCase.id, ParcelCase.order_id, ParcelCase.tracking_no],
            partial=[ParcelCase.summary, ParcelCase.courier],
        ),
    )
    query = by_deadline(query, params.sort, ParcelCase, settled=ParcelCase.due_at.is_(None))
    return fetch_page(db, query, params)


def claims_opened(db: Session, start: dt.datetime, end: dt.datetime) -> list[ParcelCase]:
    """Damaged and lost parcels opened in [start, end) that carry a claim."""
    query = select(ParcelCase).where(
        ParcelCase.kind.in_([ParcelKind.damaged, ParcelKind.lost]),
        ParcelCase.opened_at >= start,
        ParcelCase.opened_at < end,
        ParcelCase.claim_status != ClaimStatus.none,
    )
    return list(db.scalars(query.order_by(ParcelCase.opened_at, ParcelCase.id)))

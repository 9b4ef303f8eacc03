"""Parcel cases over HTTP: the register and its follow-ups, claims, and the month's
claims sheet (xlsx) for finance."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Depends, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.downloads import xlsx_file
from kefu.api.routing import get_db, make_router
from kefu.api.steps import case_steps
from kefu.kit.dates import OUT_OF_RANGE, check_day
from kefu.kit.errors import BadInput
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.parcel import claims, service
from kefu.parcel.schemas import (
    ClaimIn,
    ContactIn,
    ParcelDetail,
    ParcelFilters,
    ParcelIn,
    ParcelItem,
    SolveIn,
)

api = make_router(prefix="/api/v1/parcels", tags=["parcels"])
Db = Annotated[Session, Depends(get_db)]
Parcels = Annotated[Agent, Depends(Allow(*service.ROLES))]
Page = Annotated[PageParams, Depends(page_params)]


def _month(value: str) -> dt.date:
    """``YYYY-MM`` within the years every date query takes."""
    try:
        return check_day(dt.date.fromisoformat(f"{value}-01"))
    except ValueError as exc:
        reason = OUT_OF_RANGE if str(exc) == OUT_OF_RANGE else "月份格式应为 YYYY-MM"
        raise BadInput(reason, code="bad_month") from None


_step = case_steps(get=service.get, detail=service.detail, case="case", actor="author")


@api.get("", response_model=Paged[ParcelItem])
def list_parcels(
    db: Db, _agent: Parcels, page: Page, filters: Annotated[ParcelFilters, Query()]
) -> dict[str, Any]:
    """催件, 疑难件, damaged and lost parcels; the next follow-up first."""
    return service.parcel_list(db, filters=filters, params=page)


@api.get("/claims.xlsx")
def claims_sheet(month: str, db: Db, _agent: Parcels) -> Response:
    """The month's (``YYYY-MM``) claimed parcels with amounts and states, for finance."""
    rows = claims.claims_rows(db, month=_month(month))
    return xlsx_file({f"{month} 快递理赔": rows}, filename=f"claims-{month}.xlsx")


@api.post("", status_code=201, response_model=ParcelDetail)
def open_parcel(body: ParcelIn, db: Db, agent: Parcels) -> dict[str, Any]:
    case = service.do_open(db, owner=agent, **dict(body))
    return service.detail(db, case=case, agent=agent)


@api.get("/{case_id}", response_model=ParcelDetail)
def get_parcel(case_id: str, db: Db, agent: Parcels) -> dict[str, Any]:
    return service.detail(db, case=service.get(db, case_id), agent=agent)


@api.post("/{case_id}/contacts", response_model=ParcelDetail)
def contact(case_id: str, body: ContactIn, db: Db, agent: Parcels) -> dict[str, Any]:
    return _step(db, agent, case_id, service.do_contact, body)


@api.post("/{case_id}/claim", response_model=ParcelDetail)
def claim(case_id: str, body: ClaimIn, db: Db, agent: Parcels) -> dict[str, Any]:
    return _step(db, agent, case_id, service.do_claim, body)


@api.post("/{case_id}/solve", response_model=ParcelDetail)
def solve(case_id: str, body: SolveIn, db: Db, agent: Parcels) -> dict[str, Any]:
    return _step(db, agent, case_id, service.do_solve, body)

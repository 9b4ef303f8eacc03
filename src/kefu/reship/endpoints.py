"""Re-shipping and intercepts over HTTP."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.config import get_settings
from kefu.kit import clock
from kefu.kit.dates import Day
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES, Role
from kefu.order import service as order_service
from kefu.reship import intercepts, service, worklist
from kefu.reship.schemas import (
    InterceptFilters,
    InterceptResultIn,
    InterceptRow,
    ReshipFilters,
    ReshipIn,
    ReshipRow,
)

api = make_router(prefix="/api/v1", tags=["reship"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
# The warehouse's answer to an intercept is recorded by 审单 (who talks to the warehouse).
Warehouse = Annotated[Agent, Depends(Allow(Role.order_review, Role.supervisor))]
Page = Annotated[PageParams, Depends(page_params)]


@api.post("/orders/{order_id}/reships", status_code=201)
def create_reship(order_id: str, body: ReshipIn, db: Db, agent: Staff) -> dict[str, str]:
    """A 补发 order for lines of a shipped or delivered order; it then waits in 审单."""
    original = order_service.get_order(db, order_id=order_id)
    reship = service.do_create(db, original=original, body=body, actor=agent)
    return {"id": reship.id, "order_id": reship.order_id}


@api.get("/reships", response_model=Paged[ReshipRow])
def list_reships(
    db: Db, _agent: Staff, page: Page, filters: Annotated[ReshipFilters, Query()]
) -> dict[str, Any]:
    """Re-shipments, newest first; ``q``: order id, original order id, tracking no, buyer."""
    return worklist.reship_list(db, filters=filters, params=page)


@api.get("/reships/report")
def reship_report(db: Db, _agent: Staff, date_from: Day, date_to: Day) -> dict[str, Any]:
    """Re-shipments of the shop's days [date_from, date_to], counted apart from sales."""
    zone = get_settings().shop_timezone
    start = clock.local_midnight(date_from, zone)
    end = clock.local_midnight(date_to + dt.timedelta(days=1), zone)
    return service.report(db, start=start, end=end)


@api.get("/intercepts", response_model=Paged[InterceptRow])
def list_intercepts(
    db: Db, _agent: Staff, page: Page, filters: Annotated[InterceptFilters, Query()]
) -> dict[str, Any]:
    """Intercept requests, the most urgent first."""
    return intercepts.intercept_list(db, filters=filters, params=page)


@api.post("/intercepts/{intercept_id}/result")
def intercept_result(
    intercept_id: str, body: InterceptResultIn, db: Db, agent: Warehouse
) -> dict[str, Any]:
    intercept = intercepts.get(db, intercept_id=intercept_id)
    intercepts.do_record_result(
        db, intercept=intercept, result=body.result, note=body.note, actor=agent
    )
    return {"id": intercept.id, "status": intercept.status, "refund_id": intercept.refund_id}

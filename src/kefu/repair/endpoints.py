"""Repairs, installations and 三包 over HTTP: an order's warranty lines, a product's
warranty period, and service orders with their steps."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.api.steps import case_steps
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES, Role
from kefu.order import service as order_service
from kefu.repair import service
from kefu.repair.schemas import (
    FinishIn,
    ScheduleIn,
    ServiceDetail,
    ServiceFilters,
    ServiceIn,
    ServiceItem,
    VisitIn,
    WarrantyLine,
)

api = make_router(prefix="/api/v1/service-orders", tags=["repairs"])
warranty_api = make_router(prefix="/api/v1/warranty", tags=["repairs"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Repairs = Annotated[Agent, Depends(Allow(*service.ROLES))]
Lead = Annotated[Agent, Depends(Allow(Role.supervisor))]
Page = Annotated[PageParams, Depends(page_params)]


class WarrantyDaysIn(BaseModel):
    days: int | None = Field(default=None)


@warranty_api.get("", response_model=list[WarrantyLine])
def order_warranty(order_id: str, db: Db, _agent: Staff) -> list[WarrantyLine]:
    """Each line of the order with its 三包 period and when it ends."""
    return service.warranty_lines(db, order=order_service.get_order(db, order_id=order_id))


@warranty_api.put("/{product_id}", status_code=204)
def set_warranty(product_id: str, body: WarrantyDaysIn, db: Db, _agent: Lead) -> None:
    service.do_set_warranty(db, product_id=product_id, days=body.days)


_step = case_steps(get=service.get, detail=service.detail, case="service", actor="actor")


@api.get("", response_model=Paged[ServiceItem])
def list_service_orders(
    db: Db, _agent: Repairs, page: Page, filters: Annotated[ServiceFilters, Query()]
) -> dict[str, Any]:
    """Repairs and installations; the nearest deadline first."""
    return service.service_list(db, filters=filters, params=page)


@api.post("", status_code=201, response_model=ServiceDetail)
def open_service_order(body: ServiceIn, db: Db, agent: Repairs) -> dict[str, Any]:
    """A repair or installation for one order line; the buyer is told it was taken."""
    opened = service.do_open(db, owner=agent, **body.model_dump())
    return service.detail(db, service=opened, agent=agent)


@api.get("/{service_id}", response_model=ServiceDetail)
def get_service_order(service_id: str, db: Db, agent: Repairs) -> dict[str, Any]:
    return service.detail(db, service=service.get(db, service_id), agent=agent)


@api.post("/{service_id}/schedule", response_model=ServiceDetail)
def schedule(service_id: str, body: ScheduleIn, db: Db, agent: Repairs) -> dict[str, Any]:
    return _step(db, agent, service_id, service.do_schedule, body)


@api.post("/{service_id}/visit", response_model=ServiceDetail)
def visit(service_id: str, body: VisitIn, db: Db, agent: Repairs) -> dict[str, Any]:
    return _step(db, agent, service_id, service.do_visit, body)


@api.post("/{service_id}/finish", response_model=ServiceDetail)
def finish(service_id: str, body: FinishIn, db: Db, agent: Repairs) -> dict[str, Any]:
    return _step(db, agent, service_id, service.do_finish, body)


@api.post("/{service_id}/cancel", response_model=ServiceDetail)
def cancel(service_id: str, body: FinishIn, db: Db, agent: Repairs) -> dict[str, Any]:
    return _step(db, agent, service_id, service.do_cancel, body)

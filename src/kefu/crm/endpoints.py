"""Customer panel and hotline calls."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.crm import service
from kefu.crm.schemas import CallIn, CallOut, PanelOut
from kefu.models import Agent, PhoneCall
from kefu.models.team import SERVICE_ROLES

api = make_router(prefix="/api/v1/customers", tags=["customers"])
Db = Annotated[Session, Depends(get_db)]
ServiceAgent = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]


@api.get("/{customer_id}/panel", response_model=PanelOut)
def customer_panel(customer_id: str, db: Db, _agent: ServiceAgent) -> PanelOut:
    return service.panel(db, customer_id=customer_id)


@api.get("/{customer_id}/calls", response_model=list[CallOut])
def list_calls(customer_id: str, db: Db, _agent: ServiceAgent) -> list[PhoneCall]:
    service.get_customer(db, customer_id)
    return service.calls(db, customer_id=customer_id)


@api.post("/{customer_id}/calls", response_model=CallOut, status_code=201)
def log_call(customer_id: str, body: CallIn, db: Db, agent: ServiceAgent) -> PhoneCall:
    customer = service.get_customer(db, customer_id)
    return service.do_log_call(db, customer=customer, agent_id=agent.id, call=body)

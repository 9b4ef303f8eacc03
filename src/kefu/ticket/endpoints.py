"""Internal tickets, departments and platform claims over HTTP."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.api.steps import case_steps
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES, Role
from kefu.ticket import claims, service
from kefu.ticket.schemas import (
    AbuseIn,
    AnswerIn,
    ClaimDetail,
    ClaimFilters,
    ClaimIn,
    ClaimItem,
    ClaimNoteIn,
    DepartmentIn,
    DepartmentOut,
    TicketDetail,
    TicketFilters,
    TicketIn,
    TicketItem,
)

api = make_router(prefix="/api/v1/tickets", tags=["tickets"])
department_api = make_router(prefix="/api/v1/departments", tags=["tickets"])
claim_api = make_router(prefix="/api/v1/platform-claims", tags=["tickets"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Lead = Annotated[Agent, Depends(Allow(Role.supervisor))]
Claims = Annotated[Agent, Depends(Allow(*claims.ROLES))]
Page = Annotated[PageParams, Depends(page_params)]
_step = case_steps(
    get=service.get_ticket, detail=service.ticket_detail, case="ticket", actor="agent"
)
_claim_step = case_steps(get=claims.get, detail=claims.detail, case="claim", actor="author")


@department_api.get("", response_model=list[DepartmentOut])
def departments(db: Db, _agent: Staff) -> list[dict[str, Any]]:
    """技术, 物流, 财务, 仓库: their people, answer time, open and overdue tickets."""
    return service.departments(db)


@department_api.put("/{department_id}", response_model=list[DepartmentOut])
def set_department(department_id: str, body: DepartmentIn, db: Db, _agent: Lead) -> Any:
    department = service.get_department(db, department_id)
    service.do_set_department(db, department=department, **dict(body))
    return service.departments(db)


@api.get("", response_model=Paged[TicketItem])
def list_tickets(
    db: Db, agent: Staff, page: Page, filters: Annotated[TicketFilters, Query()]
) -> dict[str, Any]:
    """A department's queue, the abuse reports (``kind=abuse``) or my tickets (``mine``)."""
    return service.ticket_list(db, filters=filters, params=page, agent=agent)


@api.post("", status_code=201, response_model=TicketDetail)
def escalate(body: TicketIn, db: Db, agent: Staff) -> dict[str, Any]:
    """A chat or case goes to a department with a note; the buyer is told."""
    ticket = service.do_escalate(db, requester=agent, **dict(body))
    return service.ticket_detail(db, ticket=ticket, agent=agent)


@api.post("/abuse", status_code=201, response_model=TicketDetail)
def report_abuse(body: AbuseIn, db: Db, agent: Staff) -> dict[str, Any]:
    """举报恶意买家 to the lead."""
    ticket = service.do_report_abuse(db, reporter=agent, **dict(body))
    return service.ticket_detail(db, ticket=ticket, agent=agent)


@api.get("/{ticket_id}", response_model=TicketDetail)
def get_ticket(ticket_id: str, db: Db, agent: Staff) -> dict[str, Any]:
    return service.ticket_detail(db, ticket=service.get_ticket(db, ticket_id), agent=agent)


@api.post("/{ticket_id}/answer", response_model=TicketDetail)
def answer(ticket_id: str, body: AnswerIn, db: Db, agent: Staff) -> dict[str, Any]:
    """The department's (or the lead's) answer, back to the agent and the buyer."""
    return _step(db, agent, ticket_id, service.do_answer, body)


@claim_api.get("", response_model=Paged[ClaimItem])
def list_claims(
    db: Db, _agent: Claims, page: Page, filters: Annotated[ClaimFilters, Query()]
) -> dict[str, Any]:
    return claims.claim_list(db, filters=filters, params=page)


@claim_api.post("", status_code=201, response_model=ClaimDetail)
def open_claim(body: ClaimIn, db: Db, agent: Claims) -> dict[str, Any]:
    claim = claims.do_open(db, owner=agent, **dict(body))
    return claims.detail(db, claim=claim, agent=agent)


@claim_api.get("/{claim_id}", response_model=ClaimDetail)
def get_claim(claim_id: str, db: Db, agent: Claims) -> dict[str, Any]:
    return claims.detail(db, claim=claims.get(db, claim_id), agent=agent)


@claim_api.post("/{claim_id}/notes", response_model=ClaimDetail)
def note_claim(claim_id: str, body: ClaimNoteIn, db: Db, agent: Claims) -> dict[str, Any]:
    return _claim_step(db, agent, claim_id, claims.do_note, body)


@claim_api.post("/{claim_id}/close", response_model=ClaimDetail)
def close_claim(claim_id: str, body: ClaimNoteIn, db: Db, agent: Claims) -> dict[str, Any]:
    claim = claims.do_close(db, claim=claims.get(db, claim_id), author=agent, outcome=body.text)
    return claims.detail(db, claim=claim, agent=agent)

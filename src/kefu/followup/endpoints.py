"""Follow-up of inquirers who did not buy (the staff app's /followups): the list,
its totals, recording a reason with the next contacts, and a contact made."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.period import InPeriod
from kefu.api.routing import get_db, make_router
from kefu.followup import service
from kefu.followup.schemas import (
    ContactIn,
    FollowUpIn,
    FollowUpItem,
    FollowUpOut,
    SummaryOut,
)
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.team import PRESALE_DESK, Role

api = make_router(prefix="/api/v1/followups", tags=["followups"])
Db = Annotated[Session, Depends(get_db)]
Seller = Annotated[Agent, Depends(Allow(*PRESALE_DESK, Role.supervisor))]
Page = Annotated[PageParams, Depends(page_params)]


@api.get("", response_model=Paged[FollowUpItem])
def list_followups(
    db: Db,
    _agent: Seller,
    period: InPeriod,
    page: Page,
    state: Annotated[str | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    """Inquirers of the period not converted within 72 h (sort ``inquired_at`` or
    ``next_due_at``; ``state`` new, due, scheduled, done or converted)."""
    return service.followup_page(
        db, start=period.start, end=period.end, state=state, q=q, params=page
    )


@api.get("/summary", response_model=SummaryOut)
def followup_summary(db: Db, _agent: Seller, period: InPeriod) -> dict[str, Any]:
    return service.summary(db, start=period.start, end=period.end)


@api.post("", response_model=FollowUpOut)
def record_followup(body: FollowUpIn, db: Db, agent: Seller) -> FollowUpOut:
    """Why the buyer did not buy, and when to contact them the second and third time."""
    row = service.do_record(db, **body.model_dump(), agent=agent)
    return FollowUpOut(id=row.id, customer_id=row.customer_id, reason=row.reason)


@api.post("/{followup_id}/contacts/{round_no}", status_code=204)
def contact_made(followup_id: str, round_no: int, body: ContactIn, db: Db, agent: Seller) -> None:
    followup = service.get_followup(db, followup_id)
    service.do_contact(db, followup=followup, round_no=round_no, note=body.note, agent=agent)

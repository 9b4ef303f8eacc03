"""Selling help over HTTP: suggestions and product cards for the workbench, the pages a
buyer viewed; the widget's page reports and the chat page's claim of them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Request
from sqlalchemy.orm import Session

from kefu.api.auth import Allow, Public
from kefu.api.routing import get_db, make_router
from kefu.chat.endpoints import Buyer
from kefu.config import get_settings
from kefu.kit.errors import TooManyRequests
from kefu.messaging.schemas import MessageOut
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES
from kefu.selling import service
from kefu.selling.schemas import CardIn, ClaimViewsIn, Suggestions, ViewIn, ViewOut

api = make_router(prefix="/api/v1/selling", tags=["selling"])
view_api = make_router(prefix="/api/v1/page-views", tags=["selling"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]


@api.get("/suggestions", response_model=Suggestions)
def suggestions(
    db: Db, _agent: Staff, session_id: str | None = None, product_id: str | None = None
) -> dict[str, Any]:
    """For ``product_id``, or the product in question in chat ``session_id``: products
    bought together with it and the best sellers of the last 30 days."""
    if product_id is None and session_id is not None:
        product_id = service.product_in_question(db, session_id=session_id)
    return service.suggestions(db, product_id=product_id)


@api.post(
    "/sessions/{session_id}/cards",
    status_code=201,
    response_model=MessageOut,
    response_model_by_alias=True,
)
def send_card(session_id: str, body: CardIn, db: Db, agent: Staff) -> MessageOut:
    """One click: the product's card into the chat as the agent's message."""
    return service.do_send_card(db, agent=agent, session_id=session_id, **dict(body))


@api.get("/customers/{customer_id}/views", response_model=list[ViewOut])
def viewed(customer_id: str, db: Db, _agent: Staff) -> list[dict[str, Any]]:
    """The latest pages the buyer viewed on the shop, newest first."""
    return service.viewed_pages(db, customer_id=customer_id)


@view_api.post(
    "",
    status_code=204,
    dependencies=[Depends(Public())],
    responses={429: {"description": "too many pages from this visitor or address"}},
)
def record_view(body: Annotated[ViewIn, Form()], db: Db, request: Request) -> None:
    """The widget's report of the page it is on: a form post by ``sendBeacon`` from the
    shop's own pages (a form needs no CORS preflight; the answer is never read). At most
    ``KEFU_PAGE_VIEWS_PER_MINUTE`` per viewer id, and ten times that per address (so new
    viewer ids do not get round it), each minute (429)."""
    limit = get_settings().page_views_per_minute
    address = request.client.host if request.client else "unknown"
    views = request.app.state.page_views
    if not (
        views.hit(f"viewer:{body.viewer}", limit=limit) and views.hit(address, limit=limit * 10)
    ):
        raise TooManyRequests(
            "浏览记录提交过于频繁，请稍后再试", code="too_many_page_views", retry_after=60
        )
    service.do_record_view(db, view=body)


@view_api.post("/claim", status_code=204)
def claim_views(body: ClaimViewsIn, db: Db, customer_id: Buyer) -> None:
    """The chat page (with the buyer's token) names the buyer behind a widget's viewer id."""
    service.do_claim_views(db, viewer=body.viewer, customer_id=customer_id)

"""Care campaigns over HTTP (supervisor), and their page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.care import service
from kefu.care.schemas import CampaignIn, CampaignOut, CareSendOut
from kefu.models import Agent, Campaign, CareSend
from kefu.models.team import Role
from kefu.web.templates import render_for_agent

api = make_router(prefix="/api/v1/campaigns", tags=["care"])
pages = make_router(tags=["pages"])
Db = Annotated[Session, Depends(get_db)]
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]


@api.get("", response_model=list[CampaignOut])
def list_campaigns(db: Db, _agent: Supervisor) -> list[Campaign]:
    return service.campaigns(db)


@api.post("", response_model=CampaignOut, status_code=201)
def add_campaign(body: CampaignIn, db: Db, agent: Supervisor) -> Campaign:
    return service.do_create(db, data=service.CampaignIn(**body.model_dump()), author=agent)


@api.get("/{campaign_id}/preview")
def preview(campaign_id: str, db: Db, _agent: Supervisor) -> dict[str, Any]:
    """Who would get what now, and who not and why; nothing is sent."""
    return service.plan_out(service.preview(db, campaign=service.get_campaign(db, campaign_id)))


@api.post("/{campaign_id}/run")
def run(campaign_id: str, db: Db, agent: Supervisor) -> dict[str, Any]:
    """Send exactly what the preview shows (409 in quiet hours)."""
    campaign = service.get_campaign(db, campaign_id)
    return service.plan_out(service.do_run(db, campaign=campaign, author=agent))


@api.get("/{campaign_id}/sends", response_model=list[CareSendOut])
def sends(campaign_id: str, db: Db, _agent: Supervisor) -> list[CareSend]:
    return service.sends(db, campaign=service.get_campaign(db, campaign_id))


@pages.get("/campaigns")
def campaigns_page(request: Request, db: Db, agent: Supervisor) -> Response:
    return render_for_agent(request, db, agent, "campaigns.html", kinds=service.KINDS)

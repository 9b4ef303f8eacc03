"""Care campaigns (supervisor) and satisfaction surveys over HTTP, and the campaigns page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from kefu.api.auth import Allow, Public
from kefu.api.period import InPeriod
from kefu.api.routing import get_db, make_router
from kefu.care import service, surveys
from kefu.care.schemas import CampaignIn, CampaignOut, CareSendOut, SurveyViewOut
from kefu.models import Agent, Campaign, CareSend
from kefu.models.team import SERVICE_ROLES, Role
from kefu.web.templates import render_for_agent

api = make_router(prefix="/api/v1/campaigns", tags=["care"])
survey_api = make_router(prefix="/api/v1/surveys", tags=["care"])
pages = make_router(tags=["pages"])
Db = Annotated[Session, Depends(get_db)]
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]
ServiceAgent = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Reader = Annotated[Agent, Depends(Allow(Role.supervisor, Role.qc))]


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


class SurveyIn(BaseModel):
    case_kind: str  # complaint | refund
    case_id: str


class AnswerIn(BaseModel):
    sig: str
    score: int
    comment: str | None = None


@survey_api.post("", status_code=201)
def send_survey(body: SurveyIn, db: Db, agent: ServiceAgent) -> dict[str, str]:
    """Survey a resolved complaint or after-sales case; the link is returned too."""
    survey = surveys.do_send(db, case_kind=body.case_kind, case_id=body.case_id, author=agent)
    return {"id": survey.id, "channel": survey.channel, "link": surveys.link(survey)}


@survey_api.post("/{survey_id}/answer", status_code=204, dependencies=[Depends(Public())])
def answer_survey(survey_id: str, body: AnswerIn, db: Db) -> None:
    survey = surveys.check_survey(db, survey_id=survey_id, sig=body.sig)
    surveys.do_answer(db, survey=survey, score=body.score, comment=body.comment)


@survey_api.get("/satisfaction")
def satisfaction(db: Db, _agent: Reader, period: InPeriod) -> dict[str, Any]:
    """CSAT of chat ratings, of surveys, and of both, for [from, to)."""
    return surveys.satisfaction(db, start=period.start, end=period.end)


@survey_api.get("/{survey_id}", response_model=SurveyViewOut, dependencies=[Depends(Public())])
def survey_view(survey_id: str, sig: str, db: Db) -> SurveyViewOut:
    """For the public survey page (/survey/{id}?sig=…): a forged link gets 403."""
    return surveys.view(surveys.check_survey(db, survey_id=survey_id, sig=sig))

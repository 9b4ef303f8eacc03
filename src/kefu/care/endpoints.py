"""Care campaigns (supervisor; the staff app's /campaigns) and satisfaction surveys over
HTTP, and the buyer's survey page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy.orm import Session

from kefu.api.auth import Allow, Public
from kefu.api.period import InPeriod
from kefu.api.routing import get_db, make_router
from kefu.care import lists, service, surveys
from kefu.care.schemas import (
    CampaignFilters,
    CampaignIn,
    CampaignItem,
    CampaignOptions,
    CareSendItem,
    PlanOut,
    SendFilters,
    SurveyViewOut,
)
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.team import QC_DESK, SERVICE_ROLES, Role

api = make_router(prefix="/api/v1/campaigns", tags=["care"])
survey_api = make_router(prefix="/api/v1/surveys", tags=["care"])
Db = Annotated[Session, Depends(get_db)]
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]
ServiceAgent = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Reader = Annotated[Agent, Depends(Allow(Role.supervisor, *QC_DESK))]
Page = Annotated[PageParams, Depends(page_params)]


@api.get("", response_model=Paged[CampaignItem])
def list_campaigns(
    db: Db, _agent: Supervisor, page: Page, filters: Annotated[CampaignFilters, Query()]
) -> dict[str, Any]:
    """Campaigns, newest first, with their segment's name and how much they sent."""
    return lists.campaign_page(
        db, params=page, kind=filters.kind, action=filters.action, text=filters.q
    )


@api.post("", response_model=CampaignItem, status_code=201)
def add_campaign(body: CampaignIn, db: Db, agent: Supervisor) -> CampaignItem:
    campaign = service.do_create(db, data=service.CampaignIn(**body.model_dump()), author=agent)
    return lists.campaign_item(db, campaign=campaign)


@api.get("/options", response_model=CampaignOptions)
def campaign_options(db: Db, _agent: Supervisor) -> CampaignOptions:
    """The template variables, the segments by name, and the shop's contact rules."""
    return lists.options(db)


@api.get("/{campaign_id}", response_model=CampaignItem)
def get_campaign(campaign_id: str, db: Db, _agent: Supervisor) -> CampaignItem:
    return lists.campaign_item(db, campaign=service.get_campaign(db, campaign_id))


@api.get("/{campaign_id}/preview", response_model=PlanOut)
def preview(campaign_id: str, db: Db, _agent: Supervisor) -> PlanOut:
    """Who would get what now, and who not and why; nothing is sent."""
    campaign = service.get_campaign(db, campaign_id)
    return lists.plan_view(db, campaign=campaign, plan=service.preview(db, campaign=campaign))


@api.post("/{campaign_id}/run", response_model=PlanOut)
def run(campaign_id: str, db: Db, agent: Supervisor) -> PlanOut:
    """Send exactly what the preview shows (409 in quiet hours)."""
    campaign = service.get_campaign(db, campaign_id)
    plan = service.do_run(db, campaign=campaign, author=agent)
    return lists.plan_view(db, campaign=campaign, plan=plan)


@api.get("/{campaign_id}/sends", response_model=Paged[CareSendItem])
def sends(
    campaign_id: str,
    db: Db,
    _agent: Supervisor,
    page: Page,
    filters: Annotated[SendFilters, Query()],
) -> dict[str, Any]:
    """What the campaign sent, newest first, with each customer's name."""
    campaign = service.get_campaign(db, campaign_id)
    return lists.send_page(
        db, campaign=campaign, params=page, status=filters.status, channel=filters.channel
    )


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

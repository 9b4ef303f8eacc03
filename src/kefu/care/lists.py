"""Campaigns as the staff app lists them: names next to ids (the segment, the author, each
customer), counts of what was sent, and the plan with the reason a run would be refused."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.care import repository, service
from kefu.care.schemas import (
    CampaignItem,
    CampaignOptions,
    CampaignOut,
    CareSendItem,
    CareSendOut,
    PlannedOut,
    PlanOut,
    SegmentChoice,
    SkippedOut,
)
from kefu.crm import segments
from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.kit.paging import PageParams, paged
from kefu.models import Campaign
from kefu.shop import service as shop
from kefu.team import service as team_service


def campaign_page(
    db: Session,
    *,
    params: PageParams,
    kind: str | None = None,
    action: str | None = None,
    text: str | None = None,
) -> dict[str, Any]:
    rows, total = repository.campaign_page(db, kind=kind, action=action, text=text, params=params)
    authors = _agent_names(db, {row[0].created_by for row in rows})
    return paged([_item(row, authors) for row in rows], total, params)


def campaign_item(db: Session, *, campaign: Campaign) -> CampaignItem:
    row = repository.campaign_with_counts(db, campaign.id)
    return _item(row, _agent_names(db, {campaign.created_by}))


def _item(row: Any, authors: dict[str, str]) -> CampaignItem:
    campaign, segment_name, sent, last_at = row
    return CampaignItem(
        **CampaignOut.model_validate(campaign).model_dump(),
        segment_name=segment_name,
        created_by_name=authors.get(campaign.created_by),
        sent_count=sent or 0,
        last_sent_at=last_at,
    )


def _agent_names(db: Session, agent_ids: set[str]) -> dict[str, str]:
    agents = (team_service.get_agent(db, agent_id) for agent_id in sorted(agent_ids))
    return {agent.id: agent.name for agent in agents if agent is not None}


def plan_view(db: Session, *, campaign: Campaign, plan: service.Plan) -> PlanOut:
    ids = [s.customer_id for s in plan.sends] + [c for c, _r in plan.skipped]
    names = crm_service.display_names(db, customer_ids=ids)
    return PlanOut(
        sends=[
            PlannedOut(
                customer_id=s.customer_id,
                customer_name=names.get(s.customer_id, s.customer_id),
                occasion=s.occasion,
                channel=s.channel,
                text=s.text,
                address=s.address,
            )
            for s in plan.sends
        ],
        skipped=[
            SkippedOut(customer_id=c, customer_name=names.get(c, c), reason=reason)
            for c, reason in plan.skipped
        ],
        run_refusal=service.run_refusal(db, campaign=campaign, now=clock.now()),
    )


def send_page(
    db: Session,
    *,
    campaign: Campaign,
    params: PageParams,
    status: str | None = None,
    channel: str | None = None,
) -> dict[str, Any]:
    rows, total = repository.send_page(
        db, campaign_id=campaign.id, status=status, channel=channel, params=params
    )
    names = crm_service.display_names(db, customer_ids=[row.customer_id for row in rows])
    items = [
        CareSendItem(
            **CareSendOut.model_validate(row).model_dump(),
            customer_name=names.get(row.customer_id, row.customer_id),
        )
        for row in rows
    ]
    return paged(items, total, params)


def options(db: Session) -> CampaignOptions:
    return CampaignOptions(
        variables=list(service.VARIABLES),
        segments=[SegmentChoice(id=s.id, name=s.name) for s in segments.segments(db)],
        quiet_hours=str(shop.get(db, "care_quiet_hours")),
        limit_count=int(shop.get(db, "care_limit_count")),
        limit_days=int(shop.get(db, "care_limit_days")),
    )

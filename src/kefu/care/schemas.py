"""Shapes of the care domain's API."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class CampaignIn(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    kind: str
    action: str = "message"
    template: str = Field(min_length=1, max_length=2000)
    segment_id: str | None = None
    region: str | None = Field(default=None, max_length=64)
    days_after: int | None = None


class CampaignOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    kind: str
    action: str
    template: str
    segment_id: str | None
    region: str | None
    days_after: int | None
    created_at: dt.datetime


class CareSendOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: str
    occasion: str
    at: dt.datetime
    channel: str
    text: str
    status: str
    result: str | None


class CampaignFilters(BaseModel):
    """The campaigns list's filters; ``q`` searches the name and the template."""

    kind: str | None = None
    action: str | None = None
    q: str | None = None


class CampaignItem(CampaignOut):
    segment_name: str | None
    created_by_name: str | None
    sent_count: int
    last_sent_at: dt.datetime | None


class SendFilters(BaseModel):
    status: str | None = None  # sent, queued, failed
    channel: str | None = None  # chat, email, call_task


class CareSendItem(CareSendOut):
    customer_name: str


class PlannedOut(BaseModel):
    customer_id: str
    customer_name: str
    occasion: str
    channel: str
    text: str
    address: str | None


class SkippedOut(BaseModel):
    customer_id: str
    customer_name: str
    reason: str  # merged, opted_out, already, limit, no_channel


class PlanOut(BaseModel):
    """Who gets what, who not and why; ``run_refusal`` says why a run now would be refused."""

    sends: list[PlannedOut]
    skipped: list[SkippedOut]
    run_refusal: str | None = None


class SegmentChoice(BaseModel):
    id: str
    name: str


class CampaignOptions(BaseModel):
    """What the campaign form offers, and the shop's contact rules to show beside it."""

    variables: list[str]
    segments: list[SegmentChoice]
    quiet_hours: str
    limit_count: int
    limit_days: int


class SurveyViewOut(BaseModel):
    """What the public survey page shows: whose survey, about what, and whether it is done."""

    id: str
    shop_name: str
    subject: str  # 投诉 / 售后: the case the buyer is asked about
    answered: bool
    score: int | None

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

    customer_id: str
    occasion: str
    at: dt.datetime
    channel: str
    text: str
    status: str
    result: str | None


class SurveyViewOut(BaseModel):
    """What the public survey page shows: whose survey, about what, and whether it is done."""

    id: str
    shop_name: str
    subject: str  # 投诉 / 售后: the case the buyer is asked about
    answered: bool
    score: int | None

"""The follow-up list and its forms over HTTP."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, BaseModel, Field


class ContactOut(BaseModel):
    round: int
    due_at: dt.datetime
    done_at: dt.datetime | None
    note: str | None
    overdue: bool


class FollowUpItem(BaseModel):
    customer_id: str
    buyer_name: str
    inquired_at: dt.datetime
    asked_about: str
    state: str
    followup_id: str | None
    reason: str | None
    note: str | None
    agent_name: str | None
    next_due_at: dt.datetime | None
    contacts: list[ContactOut]
    converted_at: dt.datetime | None
    converted_amount: str | None


class SummaryOut(BaseModel):
    unconverted: int
    followed: int
    contacted: int
    converted: int
    sales: str


class FollowUpIn(BaseModel):
    customer_id: str = Field(min_length=1, max_length=64)
    inquired_at: AwareDatetime
    reason: str
    note: str | None = Field(default=None, max_length=500)
    second_due_at: AwareDatetime
    third_due_at: AwareDatetime | None = None


class ContactIn(BaseModel):
    note: str | None = Field(default=None, max_length=500)


class FollowUpOut(BaseModel):
    id: str
    customer_id: str
    reason: str

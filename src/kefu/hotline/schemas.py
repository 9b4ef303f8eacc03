"""What the hotline desk's endpoints take and give."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from kefu.crm.schemas import CustomerOut, TimelineEntry
from kefu.kit.dates import AnyMoment, Moment
from kefu.order.schemas import OrderOut

PbxEventKind = Literal["ringing", "answered", "ended", "missed", "recording"]


class PbxEventIn(BaseModel):
    """One call event as a PBX posts it (docs/pbx.md)."""

    call_id: str = Field(min_length=1, max_length=128, description="the PBX's id of the call")
    event: PbxEventKind
    at: AnyMoment | None = Field(default=None, description="when it happened; default now")
    direction: Literal["in", "out"] = "in"
    phone: str | None = Field(
        default=None,
        max_length=40,
        description="the customer's number (the caller of an inbound call)",
    )
    agent: str | None = Field(
        default=None, max_length=64, description="the agent's id or login (the extension's owner)"
    )
    duration_s: int | None = Field(default=None, ge=0, le=24 * 3600, description="talk time, ended")
    recording_url: str | None = Field(
        default=None, max_length=1000, pattern=r"^https?://", description="recording event"
    )


class PbxEventOut(BaseModel):
    call_id: str
    event: str
    state: str
    duplicate: bool
    hotline_call_id: str
    phone_call_id: str | None
    task_id: str | None


class CallerOut(BaseModel):
    """The incoming-call screen: who is calling, what they bought, what is open."""

    phone: str
    customer: CustomerOut | None
    orders: list[OrderOut]
    open_cases: list[TimelineEntry]


class CallFormIn(BaseModel):
    """The agent's call form, for a PBX call, a call task or a call logged by hand."""

    phone: str = Field(min_length=1, max_length=40)
    direction: Literal["in", "out"] = "in"
    hotline_call_id: str | None = Field(default=None, max_length=64)
    task_id: str | None = Field(default=None, max_length=64, description="the call task worked")
    customer_id: str | None = Field(default=None, max_length=64)
    duration_s: int | None = Field(default=None, ge=0, le=24 * 3600)
    reason: str = Field(min_length=1, max_length=255)
    result: str = Field(min_length=1, max_length=5000)
    follow_up_title: str | None = Field(default=None, max_length=255)
    follow_up_due_at: AnyMoment | None = None


class CallTaskIn(BaseModel):
    customer_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=32)
    script: str | None = Field(default=None, max_length=5000)
    due_at: AnyMoment
    order_id: str | None = Field(default=None, max_length=64)


class CallFilters(BaseModel):
    q: str | None = None
    direction: Literal["in", "out"] | None = None
    agent_id: str | None = None
    start: Moment | None = None
    end: Moment | None = None
    recording: bool | None = None


class StatRow(BaseModel):
    agent_id: str
    agent_name: str
    day: dt.date
    in_count: int
    in_minutes: float
    out_count: int
    out_minutes: float
    call_count: int
    call_minutes: float

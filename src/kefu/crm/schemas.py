"""Shapes of the customer domain's API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kefu.kit.dates import AnyMoment, Day
from kefu.kit.filters import Many
from kefu.order.schemas import OrderOut


class CustomerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    nick: str | None
    name: str | None
    phone: str | None
    email: str | None
    tags: list[str] | None
    birthday: dt.date | None
    note: str | None
    vip_level: int
    marketing_opt_out: bool = False
    merged_into_id: str | None = None


class CustomerFilters(BaseModel):
    q: str | None = None  # id, phone, email, order id (exact); nick or name (contains)
    segment_id: str | None = None
    tag: str | None = None
    vip_level: Many[int] = []
    rfm: Many[str] = []  # RFM classes, e.g. 重要价值客户
    has_open_case: bool | None = None  # an open refund, complaint, or unhandled bad review
    merged: bool | None = None  # merged into another profile (a duplicate)


class CustomerListItem(CustomerOut):
    """A row of the customer list: the profile and the facts staff sort by."""

    display_name: str
    order_count: int  # paid orders that count as bought
    total_spent: Decimal
    last_order_at: dt.datetime | None  # payment time of the latest bought order
    last_contact_at: dt.datetime | None  # latest chat or phone call
    has_open_case: bool


class CallIn(BaseModel):
    at: AnyMoment | None = Field(default=None, description="when the call started; default now")
    direction: Literal["in", "out"]
    duration_s: int = Field(ge=0, le=24 * 3600)
    topic: str = Field(min_length=1, max_length=255)
    result: str = Field(min_length=1, max_length=5000)
    follow_up_title: str | None = Field(default=None, max_length=255)
    follow_up_due_at: AnyMoment | None = None
    phone: str | None = Field(default=None, max_length=32, description="the number, normalised")


class CallOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    customer_id: str
    agent_id: str
    at: dt.datetime
    direction: str
    duration_s: int
    topic: str
    result: str
    task_id: str | None


class TimelineEntry(BaseModel):
    # chat, call, order, refund, complaint, review, note, tag, merge, care, survey, feedback
    kind: str
    at: dt.datetime
    id: str
    title: str
    detail: str | None = None


class PanelOrderOut(OrderOut):
    title: str  # what the buyer calls it: its first item's title, and how many more
    status_label: str


class OpenCaseOut(BaseModel):
    """An after-sales case still open for the buyer: refund/return/exchange, complaint,
    or a medium/bad review nobody handled yet."""

    kind: Literal["refund", "complaint", "review"]
    id: str
    title: str
    status_label: str
    at: dt.datetime
    due_at: dt.datetime | None = None
    order_id: str | None = None


class PanelOut(BaseModel):
    """The workbench side panel: who the buyer is, what they bought, what is still open,
    the notes about them and what happened."""

    customer: CustomerOut
    orders: list[PanelOrderOut]
    open_cases: list[OpenCaseOut]
    notes: list[TimelineEntry]
    timeline: list[TimelineEntry]


class ProfileOut(BaseModel):
    """The customer archive (客户档案): everything the shop knows, on one page."""

    customer: CustomerOut
    identities: list[dict[str, str]]  # kind (id, nick, phone, email, visitor) and value
    addresses: list[str]
    orders: list[OrderOut]
    lifetime_spend: str
    order_count: int
    notes: list[TimelineEntry]
    timeline: list[TimelineEntry]
    merges: list[dict[str, object]]


class ProfileIn(BaseModel):
    name: str | None = Field(default=None, max_length=128)
    phone: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=255)
    birthday: Day | None = None
    vip_level: int | None = Field(default=None, ge=0, le=10)
    marketing_opt_out: bool | None = None


class TagIn(BaseModel):
    tag: str = Field(min_length=1, max_length=32)


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


class MergeIn(BaseModel):
    duplicate_id: str


class SegmentIn(BaseModel):
    name: str = ""  # a preview needs none; saving refuses an empty one
    rules: dict[str, Any]


class SegmentMember(BaseModel):
    id: str
    name: str


class SegmentItem(BaseModel):
    """A row of the segments list: the rules also as one Chinese sentence."""

    id: str
    name: str
    rules: dict[str, Any]
    summary: str
    count: int
    created_by_name: str | None
    updated_at: dt.datetime


class SegmentOut(SegmentItem):
    """A segment with its members: the first 200 ids, and the first names to show."""

    members: list[str]
    sample: list[SegmentMember]


class SegmentPreview(BaseModel):
    count: int
    members: list[str]
    sample: list[SegmentMember]
    summary: str


class SegmentOp(BaseModel):
    op: str
    label: str
    needs_value: bool


class SegmentField(BaseModel):
    """One field of the rule builder. ``value_kind``: text, regions (several, free),
    classes (several of ``choices``), money, count, date, or none; ``period``: the
    figure may be limited to orders paid in [period_from, period_to)."""

    field: str
    label: str
    value_kind: str
    ops: list[SegmentOp]
    choices: list[str]
    period: bool
    unit: str | None


class SegmentChoice(BaseModel):
    value: str
    label: str


class SegmentFields(BaseModel):
    fields: list[SegmentField]
    match: list[SegmentChoice]

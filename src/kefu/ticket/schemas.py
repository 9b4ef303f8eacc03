"""Shapes of internal tickets (to departments, abuse reports to the lead) and platform claims."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from kefu.kit.dates import Moment
from kefu.models.aftercare import TicketKind
from kefu.repair.schemas import NoteOut

TicketState = Literal["open", "answered"]


class DepartmentOut(BaseModel):
    id: str
    name: str
    answer_hours: int
    member_ids: list[str]
    member_names: list[str]
    open: int
    overdue: int


class DepartmentIn(BaseModel):
    answer_hours: int = Field(ge=1, le=720)
    member_ids: list[str] = Field(max_length=100)


class TicketFilters(BaseModel):
    kind: TicketKind | None = None
    department_id: str | None = None
    state: TicketState | None = None
    overdue: bool | None = None
    mine: bool | None = None  # the tickets I raised
    q: str | None = None  # ticket, customer id (exact); the note


class TicketItem(BaseModel):
    id: str
    kind: str
    department_id: str | None
    department_name: str | None
    requester_name: str
    customer_id: str | None
    buyer_name: str | None
    session_id: str | None
    source: str | None
    note: str
    opened_at: dt.datetime
    due_at: dt.datetime | None
    overdue: bool
    answer: str | None
    answered_at: dt.datetime | None
    answered_by_name: str | None


class TicketDetail(TicketItem):
    can_answer: bool


class TicketIn(BaseModel):
    department_id: str = Field(min_length=1, max_length=64)
    note: str = Field(min_length=1, max_length=2000)
    customer_id: str | None = Field(default=None, max_length=64)
    session_id: str | None = Field(default=None, max_length=64)
    source: str | None = Field(default=None, max_length=80)


class AbuseIn(BaseModel):
    customer_id: str = Field(min_length=1, max_length=64)
    note: str = Field(min_length=1, max_length=2000)
    session_id: str | None = Field(default=None, max_length=64)


class AnswerIn(BaseModel):
    answer: str = Field(min_length=1, max_length=2000)


class ClaimFilters(BaseModel):
    state: Literal["open", "closed"] | None = None
    platform: str | None = None
    overdue: bool | None = None
    q: str | None = None


class ClaimItem(BaseModel):
    id: str
    platform: str
    kind: str
    order_id: str | None
    customer_id: str
    buyer_name: str
    owner_name: str
    reason: str
    amount: Decimal | None
    opened_at: dt.datetime
    due_at: dt.datetime | None
    overdue: bool
    outcome: str | None
    closed_at: dt.datetime | None


class ClaimDetail(ClaimItem):
    notes: list[NoteOut]
    allowed_actions: list[dict[str, str]]


class ClaimIn(BaseModel):
    platform: Literal["taobao", "tmall", "jd", "pdd", "douyin", "other"]
    kind: Literal["complaint", "rights"]
    order_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=2000)
    amount: Decimal | None = Field(default=None, ge=0, le=1_000_000)
    due_at: Moment  # the platform's deadline for the shop's answer


class ClaimNoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)

"""Shapes of the parcel cases: 催件, 疑难件, damaged and lost parcels with claims."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from kefu.kit.dates import Moment
from kefu.kit.filters import Many
from kefu.models.aftercare import ClaimStatus, ParcelKind
from kefu.repair.schemas import NoteOut

ParcelState = Literal["open", "solved"]


class ParcelFilters(BaseModel):
    kind: Many[ParcelKind] = []
    state: ParcelState | None = None
    claim_status: Many[ClaimStatus] = []
    overdue: bool | None = None  # the next follow-up is past
    owner_id: str | None = None
    q: str | None = None  # case, order, tracking no (exact); buyer, summary


class ParcelItem(BaseModel):
    id: str
    kind: str
    order_id: str
    customer_id: str
    buyer_name: str
    courier: str | None
    tracking_no: str | None
    owner_id: str
    owner_name: str
    summary: str
    opened_at: dt.datetime
    solved_at: dt.datetime | None
    due_at: dt.datetime | None
    overdue: bool
    contacts: int  # courier contacts and follow-ups logged
    claim_amount: Decimal | None
    claim_status: str


class ParcelDetail(ParcelItem):
    notes: list[NoteOut]
    allowed_actions: list[dict[str, str]]


class ParcelIn(BaseModel):
    kind: ParcelKind
    order_id: str = Field(min_length=1, max_length=64)
    summary: str = Field(min_length=1, max_length=2000)
    claim_amount: Decimal | None = Field(default=None, ge=0, le=1_000_000)


class ContactIn(BaseModel):
    """A contact with the courier (or the buyer) and when to look again."""

    text: str = Field(min_length=1, max_length=2000)
    channel: Literal["phone", "platform", "chat", "email", "other"] = "phone"
    next_at: Moment


class ClaimIn(BaseModel):
    amount: Decimal = Field(ge=0, le=1_000_000)
    status: ClaimStatus


class SolveIn(BaseModel):
    result: str = Field(min_length=1, max_length=2000)

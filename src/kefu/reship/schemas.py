"""Shapes of re-shipping and intercepts in the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, Field

from kefu.kit.filters import Many
from kefu.models.reship import FreightPayer, InterceptStatus, ReshipReason


class ReshipLineIn(BaseModel):
    line_no: int = Field(ge=1, le=999)
    qty: int = Field(ge=1, le=999)


class ReshipIn(BaseModel):
    items: list[ReshipLineIn] = Field(min_length=1, max_length=50)
    reason: ReshipReason
    freight_payer: FreightPayer
    freight: Decimal | None = Field(default=None, ge=0, le=9999, decimal_places=2)
    note: str | None = Field(default=None, max_length=500)


class ReshipFilters(BaseModel):
    reason: Many[ReshipReason] = []
    status: Many[str] = []  # the 补发 order's status
    q: str | None = None  # 补发 or original order id, tracking number, buyer phone or nick


class ReshipRow(BaseModel):
    id: str
    order_id: str
    original_order_id: str
    buyer_name: str
    reason: str
    reason_label: str
    freight_payer: str
    freight_payer_label: str
    freight: Decimal | None
    note: str | None
    status: str
    status_label: str
    courier: str | None
    tracking_no: str | None
    items_summary: str | None
    created_at: dt.datetime
    created_by_name: str | None


class InterceptFilters(BaseModel):
    status: Many[InterceptStatus] = []
    q: str | None = None


class InterceptResultIn(BaseModel):
    result: InterceptStatus
    note: str | None = Field(default=None, max_length=500)


class InterceptRow(BaseModel):
    id: str
    order_id: str
    buyer_name: str
    reason: str
    status: str
    status_label: str
    requested_at: dt.datetime
    requested_by_name: str | None
    due_at: dt.datetime
    overdue: bool
    result_at: dt.datetime | None
    result_by_name: str | None
    result_note: str | None
    refund_id: str | None

"""Incident notices over HTTP."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class FiltersIn(BaseModel):
    product_id: str | None = Field(default=None, max_length=64)
    sku_id: str | None = Field(default=None, max_length=64)
    courier: str | None = Field(default=None, max_length=32)
    region: str | None = Field(default=None, max_length=32)
    statuses: list[str] = Field(default_factory=list, max_length=6)
    from_: str | None = Field(default=None, alias="from", max_length=10)
    to: str | None = Field(default=None, max_length=10)


class NoticeIn(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    text: str = Field(min_length=1, max_length=1000)
    channel: Literal["chat", "email", "call_task"]
    filters: FiltersIn


class NoticeItem(BaseModel):
    id: str
    title: str
    text: str
    channel: str
    filters: dict[str, object]
    filters_text: str
    created_by_name: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    sent: int
    deferred: int
    skipped: int


class PlannedOut(BaseModel):
    customer_id: str
    buyer_name: str
    order_ids: list[str]
    channel: str | None
    status: str
    reason: str | None
    earlier: str | None
    text: str


class PlanOut(BaseModel):
    orders: int
    buyers: int
    to_send: int
    deferred: int
    skipped: int
    already: int
    quiet_until: dt.datetime | None
    sample: str | None
    items: list[PlannedOut]

"""Shapes of the repair domain: warranty lines, service orders and their steps."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from kefu.kit.dates import Moment
from kefu.kit.filters import Many
from kefu.models.aftercare import ServiceKind, ServiceStatus


class WarrantyLine(BaseModel):
    line_no: int
    product_id: str
    title: str
    warranty_days: int | None
    warranty_end: dt.datetime | None  # the instant the 三包 period ends (shop's zone)
    in_warranty: bool


class ServiceFilters(BaseModel):
    status: Many[ServiceStatus] = []
    kind: ServiceKind | None = None
    order_id: str | None = None
    q: str | None = None  # service, order or customer id; problem, product, technician


class ServiceItem(BaseModel):
    id: str
    kind: str
    status: str
    order_id: str
    line_no: int
    product_title: str
    customer_id: str
    buyer_name: str
    owner_name: str
    problem: str
    in_warranty: bool
    appointment_at: dt.datetime | None
    technician: str | None
    due_at: dt.datetime | None
    overdue: bool
    opened_at: dt.datetime


class NoteOut(BaseModel):
    at: dt.datetime
    author_name: str
    kind: str
    channel: str | None
    text: str


class ServiceDetail(ServiceItem):
    warranty_days: int | None
    warranty_end: dt.datetime | None
    parts: list[str]
    result: str | None
    notes: list[NoteOut]
    allowed_actions: list[dict[str, str]]


class ServiceIn(BaseModel):
    order_id: str = Field(min_length=1, max_length=64)
    line_no: int = Field(ge=1)
    kind: ServiceKind
    problem: str = Field(min_length=1, max_length=2000)


class ScheduleIn(BaseModel):
    appointment_at: Moment
    technician: str = Field(min_length=1, max_length=64)


class VisitIn(BaseModel):
    note: str = Field(min_length=1, max_length=2000)
    parts: list[str] = Field(default=[], max_length=20)


class FinishIn(BaseModel):
    result: str = Field(min_length=1, max_length=2000)

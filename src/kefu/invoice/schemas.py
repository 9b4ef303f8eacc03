"""Shapes of invoices in the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, Field

from kefu.kit.filters import Many
from kefu.models.invoice import Delivery, InvoiceKind, InvoiceStatus, TitleType


class InvoiceRequestIn(BaseModel):
    order_id: str = Field(min_length=1, max_length=64)
    kind: InvoiceKind = InvoiceKind.normal
    title_type: TitleType
    title: str = Field(min_length=1, max_length=128)
    tax_id: str | None = Field(default=None, max_length=32)
    delivery: Delivery = Delivery.email
    email: str | None = Field(default=None, max_length=255)
    post_address: str | None = Field(default=None, max_length=255)


class IssueIn(BaseModel):
    number: str = Field(min_length=1, max_length=32)
    amount: Decimal = Field(gt=0, le=10_000_000, decimal_places=2)


class PostIn(BaseModel):
    courier: str = Field(min_length=1, max_length=32)
    tracking_no: str = Field(min_length=4, max_length=64)


class RejectIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class InvoiceFilters(BaseModel):
    status: Many[InvoiceStatus] = []
    overdue: bool | None = None  # still to issue and past due_at
    order_id: str | None = None
    q: str | None = None  # order id, invoice number, title, tax id, buyer nick


class InvoiceRow(BaseModel):
    id: str
    order_id: str
    customer_id: str
    buyer_name: str
    kind: str
    kind_label: str
    title_type: str
    title_type_label: str
    title: str
    tax_id: str | None
    delivery: str
    delivery_label: str
    email: str | None
    post_address: str | None
    source: str
    source_label: str
    status: str
    status_label: str
    requested_at: dt.datetime
    requested_by_name: str | None
    due_at: dt.datetime
    overdue: bool
    number: str | None
    amount: Decimal | None
    order_amount: Decimal
    has_pdf: bool
    issued_at: dt.datetime | None
    issued_by_name: str | None
    sent_at: dt.datetime | None
    courier: str | None
    tracking_no: str | None
    reject_reason: str | None
    allowed_actions: list[str]

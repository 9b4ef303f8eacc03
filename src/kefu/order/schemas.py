"""Shapes of orders in the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from kefu.kit.dates import Day
from kefu.kit.filters import Many
from kefu.models.order import FlagColour, OrderStatus


class OrderItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    product_id: str
    sku_id: str | None
    qty: int
    price: Decimal | None


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    status: str
    amount: Decimal
    cod: bool
    created_at: dt.datetime
    paid_at: dt.datetime | None
    shipped_at: dt.datetime | None
    courier: str | None
    tracking_no: str | None
    address: str | None
    items: list[OrderItemOut]


class OrderFilters(BaseModel):
    status: Many[OrderStatus] = []
    flag: Many[FlagColour] = []  # the colour of the flag in force
    paid_from: Day | None = None  # shop's days, both ends included
    paid_to: Day | None = None
    exception: bool | None = None  # a logistics exception is open (stuck 48 h, returned, lost…)
    cod: bool | None = None
    customer_id: str | None = None
    q: str | None = None  # order id, tracking number, receiver's or buyer's phone, buyer nick


class OrderListItem(BaseModel):
    id: str
    status: str
    status_label: str
    customer_id: str
    buyer_name: str
    receiver_name: str | None
    amount: Decimal
    cod: bool
    created_at: dt.datetime
    paid_at: dt.datetime | None
    ship_by: dt.date | None  # paid and not yet shipped: the day it must ship
    shipped_at: dt.datetime | None
    courier: str | None
    tracking_no: str | None
    flag_colour: str | None
    flag_label: str | None
    exception: str | None  # what the open logistics exception is, e.g. 退回
    product_titles: list[str]
    items_summary: str | None

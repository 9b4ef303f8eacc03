"""Shapes of orders in the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict


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

"""Shapes of the selling help: products to suggest and the pages a buyer viewed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, Field

SAFE_ID = r"^[A-Za-z0-9_-]+$"


class ProductCard(BaseModel):
    id: str
    title: str
    price: Decimal | None
    stock: int | None
    count: int  # orders bought together with the product, or units sold


class Suggestions(BaseModel):
    product_id: str | None  # the product in question
    product_title: str | None
    related: list[ProductCard]  # bought together with it
    best_sellers: list[ProductCard]  # the shop's best sellers of the last 30 days


class ViewIn(BaseModel):
    """What the widget reports of the shop's page; a signed customer (as in the chat's
    identify) names the buyer, else only the widget's own ``viewer`` id does."""

    viewer: str = Field(min_length=8, max_length=64, pattern=SAFE_ID)
    url: str = Field(min_length=8, max_length=500, pattern=r"^https?://")
    title: str | None = Field(default=None, max_length=200)
    product_id: str | None = Field(default=None, max_length=64)
    customer_id: str | None = Field(default=None, max_length=64)
    expires: int | None = None
    sig: str | None = Field(default=None, max_length=128)


class ClaimViewsIn(BaseModel):
    viewer: str = Field(min_length=8, max_length=64, pattern=SAFE_ID)


class ViewOut(BaseModel):
    url: str
    title: str | None
    product_id: str | None
    product_title: str | None
    at: dt.datetime


class CardIn(BaseModel):
    product_id: str = Field(min_length=1, max_length=64)
    client_id: str = Field(min_length=1, max_length=64)

"""Customers (买家) and what the shop knows about them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, id_column


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[str] = id_column()
    nick: Mapped[str | None] = mapped_column(String(128), index=True)
    name: Mapped[str | None] = mapped_column(String(128))
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    email: Mapped[str | None] = mapped_column(String(255), index=True)
    tags: Mapped[list[str] | None]
    birthday: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    vip_level: Mapped[int] = mapped_column(default=0)
    marketing_opt_out: Mapped[bool] = mapped_column(default=False)
    extra: Mapped[dict[str, Any] | None]

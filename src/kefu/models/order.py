"""Orders (订单), their items and remark flags (小红旗)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kefu.models.base import Base, id_column, ref_column


class OrderStatus(StrEnum):
    unpaid = "unpaid"
    paid = "paid"
    shipped = "shipped"
    delivered = "delivered"
    closed = "closed"
    refunded = "refunded"


class FlagColour(StrEnum):
    grey = "grey"
    red = "red"
    yellow = "yellow"
    green = "green"
    blue = "blue"
    purple = "purple"


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[str] = id_column()
    customer_id: Mapped[str] = ref_column("customers.id")
    status: Mapped[str] = mapped_column(String(16), index=True)
    amount: Mapped[Decimal]
    cod: Mapped[bool] = mapped_column(default=False)
    payment_method: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(index=True)
    paid_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    shipped_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    address: Mapped[str | None] = mapped_column(Text)
    receiver_name: Mapped[str | None] = mapped_column(String(64))
    receiver_phone: Mapped[str | None] = mapped_column(String(32))
    province: Mapped[str | None] = mapped_column(String(32))
    city: Mapped[str | None] = mapped_column(String(32))
    district: Mapped[str | None] = mapped_column(String(32))
    courier: Mapped[str | None] = mapped_column(String(32))
    tracking_no: Mapped[str | None] = mapped_column(String(64), index=True)
    buyer_remark: Mapped[str | None] = mapped_column(Text)
    # Order review (审单): who passed the order for shipping, and when.
    reviewed_at: Mapped[dt.datetime | None]
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    # Parcels the reviewer expects the order to leave in; shipping must scan as many.
    packs: Mapped[int | None]
    extra: Mapped[dict[str, Any] | None]

    items: Mapped[list[OrderItem]] = relationship(
        lazy="raise", order_by="OrderItem.line_no", back_populates="order"
    )


class OrderItem(Base):
    __tablename__ = "order_items"
    __table_args__ = (UniqueConstraint("order_id", "line_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = ref_column("orders.id")
    line_no: Mapped[int]
    product_id: Mapped[str] = ref_column("products.id")
    sku_id: Mapped[str | None] = mapped_column(String(64))
    qty: Mapped[int]
    price: Mapped[Decimal | None]

    order: Mapped[Order] = relationship(lazy="raise", back_populates="items")


class RemarkFlag(Base):
    """One version of an order's remark flag. Rows are only ever added: the newest
    row is the flag in force, the older ones are its history."""

    __tablename__ = "remark_flags"
    __table_args__ = (UniqueConstraint("order_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = ref_column("orders.id")
    colour: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str] = ref_column("agents.id")
    created_at: Mapped[dt.datetime]


class OrderEvent(Base):
    """What staff did to an order (address changed, cancelled, ...): append-only,
    so the order's timeline shows who changed what, from what, and when."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = ref_column("orders.id")
    at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    text: Mapped[str] = mapped_column(Text)


class TrackingStatus(StrEnum):
    collected = "collected"  # 已揽收
    in_transit = "in_transit"  # 运输中
    out_for_delivery = "out_for_delivery"  # 派送中
    delivered = "delivered"  # 已签收
    returned = "returned"  # 退回
    exception = "exception"  # 异常
    lost = "lost"  # 丢件


class TrackingEvent(Base):
    """One courier scan of an order's parcel. Append-only; the same scan pushed
    twice is one row (unique order, time and status)."""

    __tablename__ = "tracking_events"
    __table_args__ = (UniqueConstraint("order_id", "at", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = ref_column("orders.id")
    at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(128))

"""Customers (买家) and what the shop knows about them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, id_column, ref_column


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
    # Set when this profile was merged into another (a duplicate); undoable. No
    # foreign key: SQLite can only add one by copying the table; the merge service
    # keeps it right (see customer_merges).
    merged_into_id: Mapped[str | None] = mapped_column(String(64), index=True)


class CustomerEvent(Base):
    """Append-only history of a profile: notes, tags, merges, care messages,
    surveys, feedback. The timeline shows it beside chats, calls and orders."""

    __tablename__ = "customer_events"
    __table_args__ = (Index("ix_customer_events_customer_at", "customer_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    customer_id: Mapped[str] = ref_column("customers.id", index=False)
    at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(24))
    author_id: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    text: Mapped[str] = mapped_column(Text)


class CustomerMerge(Base):
    """A duplicate profile merged into a kept one, with what moved, so it can be undone."""

    __tablename__ = "customer_merges"

    id: Mapped[str] = id_column()
    kept_id: Mapped[str] = ref_column("customers.id")
    merged_id: Mapped[str] = ref_column("customers.id")
    at: Mapped[dt.datetime]
    author_id: Mapped[str] = ref_column("agents.id", index=False)
    moved: Mapped[dict[str, Any]]  # table -> ids moved from the duplicate to the kept profile
    kept_before: Mapped[dict[str, Any]]  # the kept profile's fields before the merge
    undone_at: Mapped[dt.datetime | None]
    undone_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)


class Segment(Base):
    """A saved set of rules over profile and order facts (客户分群)."""

    __tablename__ = "segments"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(64), unique=True)
    rules: Mapped[dict[str, Any]]
    created_by: Mapped[str] = ref_column("agents.id", index=False)
    updated_at: Mapped[dt.datetime]


class Campaign(Base):
    """A care or return-visit campaign (关怀/回访): who, what, and how."""

    __tablename__ = "campaigns"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(
        String(16)
    )  # holiday, birthday, weather, delivered, return_visit
    action: Mapped[str] = mapped_column(String(16))  # message, call_task
    template: Mapped[str] = mapped_column(Text)
    segment_id: Mapped[str | None] = ref_column("segments.id", nullable=True)
    region: Mapped[str | None] = mapped_column(String(64))
    days_after: Mapped[int | None]
    created_by: Mapped[str] = ref_column("agents.id", index=False)
    created_at: Mapped[dt.datetime]


class CareSend(Base):
    """One message (or call task) a campaign gave one customer; the limit counts these."""

    __tablename__ = "care_sends"
    __table_args__ = (
        UniqueConstraint("campaign_id", "customer_id", "occasion"),
        Index("ix_care_sends_customer_at", "customer_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    campaign_id: Mapped[str] = ref_column("campaigns.id", index=False)
    customer_id: Mapped[str] = ref_column("customers.id", index=False)
    occasion: Mapped[str] = mapped_column(String(64))  # e.g. the order followed up, or the date
    at: Mapped[dt.datetime]
    channel: Mapped[str] = mapped_column(String(16))  # chat, email, call_task
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # sent, queued (email), failed
    result: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(String(255))  # email recipient


class Survey(Base):
    """A satisfaction survey after a complaint or an after-sales case was resolved."""

    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("case_kind", "case_id"),)

    id: Mapped[str] = id_column()
    case_kind: Mapped[str] = mapped_column(String(16))  # complaint, refund
    case_id: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[str] = ref_column("customers.id")
    sent_at: Mapped[dt.datetime]
    channel: Mapped[str] = mapped_column(String(16))  # chat, email, link (handed over by an agent)
    status: Mapped[str] = mapped_column(String(16))  # sent, queued (email), failed
    address: Mapped[str | None] = mapped_column(String(255))
    score: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None]


# What feedback is about, with its label; the shop's settings show them too (shop/schemas.py).
FEEDBACK_CATEGORIES = {
    "product": "产品",
    "quality": "质量",
    "logistics": "物流",
    "price": "价格",
    "website": "网站",
    "service": "服务",
}


class Feedback(Base):
    """Something a buyer said about a product, its quality, logistics, price, the site
    or the service, tagged by an agent for the departments (意见反馈)."""

    __tablename__ = "feedback"

    id: Mapped[str] = id_column()
    category: Mapped[str] = mapped_column(String(16))
    product_id: Mapped[str | None] = ref_column("products.id", nullable=True)
    text: Mapped[str] = mapped_column(Text)
    source_kind: Mapped[str] = mapped_column(String(16))  # message, review
    source_id: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[str | None] = ref_column("customers.id", nullable=True)
    author_id: Mapped[str] = ref_column("agents.id", index=False)
    at: Mapped[dt.datetime] = mapped_column(index=True)

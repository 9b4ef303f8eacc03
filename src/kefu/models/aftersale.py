"""After-sales cases: refunds/returns/exchanges, reviews (评价), complaints (投诉)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, id_column, ref_column


class RefundKind(StrEnum):
    refund_only = "refund_only"
    return_ = "return"
    exchange = "exchange"


REFUND_KIND_LABELS = {"refund_only": "仅退款", "return": "退货退款", "exchange": "换货"}
COMPLAINT_CATEGORY_LABELS = {
    "quality": "质量",
    "service": "服务",
    "logistics": "物流",
    "incident": "突发事件",
    "other": "其他",
}
REVIEW_RATING_LABELS = {"good": "好评", "medium": "中评", "bad": "差评"}


class RefundStatus(StrEnum):
    requested = "requested"
    approved = "approved"
    rejected = "rejected"
    buyer_shipped = "buyer_shipped"
    received = "received"
    refunded = "refunded"
    exchange_shipped = "exchange_shipped"
    closed = "closed"


class ReviewRating(StrEnum):
    good = "good"
    medium = "medium"
    bad = "bad"


class ComplaintCategory(StrEnum):
    quality = "quality"
    service = "service"
    logistics = "logistics"
    incident = "incident"  # 突发事件: a supplier, courier or system failure
    other = "other"


class Refund(Base):
    __tablename__ = "refunds"

    id: Mapped[str] = id_column()
    order_id: Mapped[str] = ref_column("orders.id")
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=RefundStatus.requested)
    requested_at: Mapped[dt.datetime] = mapped_column(index=True)
    completed_at: Mapped[dt.datetime | None]
    amount: Mapped[Decimal | None]
    reason: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any] | None]
    # The parcel the buyer sends back, and the exchange sent out.
    return_tracking_no: Mapped[str | None] = mapped_column(String(64))
    exchange_tracking_no: Mapped[str | None] = mapped_column(String(64))
    # The deadline of the current step (null once the case is settled).
    due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    # The 售后 agent who owns the case: assigned by a lead, or the first to take a step;
    # the Team KPIs (退货/换货完成率) credit the case to her.
    handler_id: Mapped[str | None] = ref_column("agents.id", nullable=True)


class RefundTransition(Base):
    """One step of a refund, return or exchange (append-only audit trail)."""

    __tablename__ = "refund_transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    refund_id: Mapped[str] = ref_column("refunds.id")
    at: Mapped[dt.datetime]
    actor_id: Mapped[str] = ref_column("agents.id", index=False)
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[str] = id_column()
    order_id: Mapped[str] = ref_column("orders.id")
    rating: Mapped[str] = mapped_column(String(8))
    at: Mapped[dt.datetime] = mapped_column(index=True)
    text: Mapped[str | None] = mapped_column(Text)
    handled_at: Mapped[dt.datetime | None]
    revised_rating: Mapped[str | None] = mapped_column(String(8))
    extra: Mapped[dict[str, Any] | None]
    # How the shop answered it: revised (the buyer changed it), explained, malicious.
    result: Mapped[str | None] = mapped_column(String(16))
    evidence: Mapped[str | None] = mapped_column(Text)


class Complaint(Base):
    __tablename__ = "complaints"

    id: Mapped[str] = id_column()
    customer_id: Mapped[str] = ref_column("customers.id")
    category: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[dt.datetime] = mapped_column(index=True)
    promised_by: Mapped[dt.datetime | None]
    resolved_at: Mapped[dt.datetime | None]
    order_id: Mapped[str | None] = ref_column("orders.id", nullable=True)
    session_id: Mapped[str | None] = ref_column("chat_sessions.id", nullable=True)
    owner_id: Mapped[str | None] = ref_column("agents.id", nullable=True)
    summary: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any] | None]


class CaseNote(Base):
    """A logged step on a complaint or a review: a follow-up, a contact attempt and
    its outcome, the promise made to the buyer (append-only)."""

    __tablename__ = "case_notes"
    __table_args__ = (Index("ix_case_notes_case", "case_kind", "case_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_kind: Mapped[str] = mapped_column(String(16))  # complaint, review
    case_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    author_id: Mapped[str] = ref_column("agents.id", index=False)
    kind: Mapped[str] = mapped_column(String(16))  # followup, contact, promise, resolved, result
    channel: Mapped[str | None] = mapped_column(String(16))  # chat, phone, sms, email
    text: Mapped[str] = mapped_column(Text)

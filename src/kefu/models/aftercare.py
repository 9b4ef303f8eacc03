"""After-care casework (issue 16, part 3): repair and installation service orders, parcel
cases (催件, 疑难件, damaged and lost parcels with claims), internal tickets to departments
(and abuse reports to the lead), platform claims, and the pages a buyer viewed.

Every case logs its steps as ``CaseNote`` rows (``case_kind`` service, parcel, ticket,
claim); deadlines are absolute ``due_at``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, id_column, ref_column


class ServiceKind(StrEnum):
    repair = "repair"
    install = "install"


class ServiceStatus(StrEnum):
    opened = "opened"
    scheduled = "scheduled"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class ServiceOrder(Base):
    """A repair or an installation for one order line, in or out of warranty (三包)."""

    __tablename__ = "service_orders"

    id: Mapped[str] = id_column()
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    order_id: Mapped[str] = ref_column("orders.id")
    line_no: Mapped[int]
    product_id: Mapped[str] = ref_column("products.id", index=False)
    customer_id: Mapped[str] = ref_column("customers.id")
    owner_id: Mapped[str] = ref_column("agents.id", index=False)
    problem: Mapped[str] = mapped_column(Text)
    in_warranty: Mapped[bool]
    opened_at: Mapped[dt.datetime]
    appointment_at: Mapped[dt.datetime | None]
    technician: Mapped[str | None] = mapped_column(String(64))
    parts: Mapped[list[str] | None]
    result: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[dt.datetime | None]
    # The deadline of the current step (null once done or cancelled).
    due_at: Mapped[dt.datetime | None] = mapped_column(index=True)


class ParcelKind(StrEnum):
    chase = "chase"  # 催件
    problem = "problem"  # 疑难件
    damaged = "damaged"  # 破损
    lost = "lost"  # 丢件


class ClaimStatus(StrEnum):
    none = "none"
    filed = "filed"
    accepted = "accepted"
    rejected = "rejected"
    paid = "paid"


class ParcelCase(Base):
    """A parcel the buyer chases or that went wrong, followed until solved; damaged and lost
    ones carry the claim against the courier."""

    __tablename__ = "parcel_cases"

    id: Mapped[str] = id_column()
    kind: Mapped[str] = mapped_column(String(16), index=True)
    order_id: Mapped[str] = ref_column("orders.id")
    customer_id: Mapped[str] = ref_column("customers.id", index=False)
    courier: Mapped[str | None] = mapped_column(String(32))
    tracking_no: Mapped[str | None] = mapped_column(String(64))
    owner_id: Mapped[str] = ref_column("agents.id", index=False)
    summary: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[dt.datetime] = mapped_column(index=True)
    solved_at: Mapped[dt.datetime | None]
    # The next follow-up (null once solved).
    due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    claim_amount: Mapped[Decimal | None]
    claim_status: Mapped[str] = mapped_column(String(16), default=ClaimStatus.none)


class Department(Base):
    """A department a question goes to (技术, 物流, 财务, 仓库): its people and how long
    it has to answer."""

    __tablename__ = "departments"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(32), unique=True)
    answer_hours: Mapped[int]
    member_ids: Mapped[list[str]]


class TicketKind(StrEnum):
    question = "question"  # 内部工单 to a department
    abuse = "abuse"  # 举报恶意买家, to the lead


class InternalTicket(Base):
    __tablename__ = "internal_tickets"
    __table_args__ = (Index("ix_internal_tickets_queue", "department_id", "answered_at"),)

    id: Mapped[str] = id_column()
    kind: Mapped[str] = mapped_column(String(16))
    department_id: Mapped[str | None] = ref_column("departments.id", nullable=True, index=False)
    requester_id: Mapped[str] = ref_column("agents.id", index=False)
    customer_id: Mapped[str | None] = ref_column("customers.id", nullable=True)
    session_id: Mapped[str | None] = ref_column("chat_sessions.id", nullable=True, index=False)
    source: Mapped[str | None] = mapped_column(String(80))  # e.g. "parcel:pc_1"
    note: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None]
    answered_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)


class PlatformClaim(Base):
    """A complaint or claim (平台投诉/维权) a buyer filed on the marketplace, which must be
    answered there before the platform's deadline."""

    __tablename__ = "platform_claims"

    id: Mapped[str] = id_column()
    platform: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # complaint, rights
    order_id: Mapped[str | None] = ref_column("orders.id", nullable=True)
    customer_id: Mapped[str] = ref_column("customers.id", index=False)
    owner_id: Mapped[str] = ref_column("agents.id", index=False)
    reason: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal | None]
    opened_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    outcome: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[dt.datetime | None]


class PageView(Base):
    """A shop page a buyer looked at, reported by the widget. ``viewer`` is the widget's
    own id for an anonymous visitor until the chat page names the customer."""

    __tablename__ = "page_views"
    __table_args__ = (Index("ix_page_views_customer", "customer_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    viewer: Mapped[str] = mapped_column(String(64), index=True)
    customer_id: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(500))
    title: Mapped[str | None] = mapped_column(String(200))
    product_id: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[dt.datetime]

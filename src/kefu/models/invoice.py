"""Invoices (发票): requested by the buyer in chat or by an agent, issued by
审单 with a number and the e-invoice PDF, then e-mailed or posted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, id_column, ref_column


class InvoiceKind(StrEnum):
    normal = "normal"  # 增值税普通发票
    special = "special"  # 增值税专用发票


class TitleType(StrEnum):
    personal = "personal"  # 个人
    company = "company"  # 单位


class Delivery(StrEnum):
    email = "email"  # 电子发票发邮箱
    post = "post"  # 纸质发票邮寄


class InvoiceStatus(StrEnum):
    requested = "requested"  # 待开票
    issued = "issued"  # 已开票，待发送
    sent = "sent"  # 已发送（邮件）
    posted = "posted"  # 已寄出
    rejected = "rejected"  # 已驳回


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[str] = id_column()
    order_id: Mapped[str] = ref_column("orders.id")
    customer_id: Mapped[str] = ref_column("customers.id")
    kind: Mapped[str] = mapped_column(String(16))
    title_type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(128))
    tax_id: Mapped[str | None] = mapped_column(String(18))
    delivery: Mapped[str] = mapped_column(String(8))
    email: Mapped[str | None] = mapped_column(String(255))
    post_address: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(8))  # chat (the buyer) or agent
    status: Mapped[str] = mapped_column(String(16), index=True)
    requested_at: Mapped[dt.datetime]
    requested_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    due_at: Mapped[dt.datetime] = mapped_column(index=True)  # to be issued by then
    number: Mapped[str | None] = mapped_column(String(32))
    amount: Mapped[Decimal | None]
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    issued_at: Mapped[dt.datetime | None]
    issued_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    sent_at: Mapped[dt.datetime | None]
    courier: Mapped[str | None] = mapped_column(String(32))
    tracking_no: Mapped[str | None] = mapped_column(String(64))
    reject_reason: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any] | None]

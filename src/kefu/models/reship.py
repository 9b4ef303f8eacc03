"""Re-shipping (补发/补单) and warehouse intercepts (拦截).

A 补发 is an order of its own (``orders`` row, amount 0) that goes through review
and shipping like any order; this row links it to the original order with the
reason and who pays the freight, and keeps it out of the sales figures. An
intercept is the warehouse's answer to a cancellation that came after review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, id_column, ref_column


class ReshipReason(StrEnum):
    missing = "missing"  # 漏发/少发
    wrong = "wrong"  # 发错
    damaged = "damaged"  # 破损/质量问题
    lost = "lost"  # 丢件
    other = "other"


class FreightPayer(StrEnum):
    shop = "shop"  # 商家承担
    courier = "courier"  # 快递赔付
    supplier = "supplier"  # 供应商承担
    buyer = "buyer"  # 买家承担


class Reship(Base):
    __tablename__ = "reships"

    id: Mapped[str] = id_column()
    order_id: Mapped[str] = ref_column("orders.id")  # the 补发 order itself
    original_order_id: Mapped[str] = ref_column("orders.id")
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    freight_payer: Mapped[str] = mapped_column(String(16))
    freight: Mapped[Decimal | None]
    created_at: Mapped[dt.datetime] = mapped_column(index=True)
    created_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    extra: Mapped[dict[str, Any] | None]


class InterceptStatus(StrEnum):
    pending = "pending"  # 待拦截
    intercepted = "intercepted"  # 已拦截
    too_late = "too_late"  # 拦截失败（已发出，转退货）


class Intercept(Base):
    """Cancelling an order that review had passed: the warehouse must stop it
    before it leaves, and says whether it did by ``due_at``."""

    __tablename__ = "intercepts"

    id: Mapped[str] = id_column()
    order_id: Mapped[str] = ref_column("orders.id")
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    requested_at: Mapped[dt.datetime]
    requested_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    due_at: Mapped[dt.datetime]
    result_at: Mapped[dt.datetime | None]
    result_by: Mapped[str | None] = ref_column("agents.id", nullable=True, index=False)
    result_note: Mapped[str | None] = mapped_column(Text)
    refund_id: Mapped[str | None] = ref_column("refunds.id", nullable=True, index=False)
    extra: Mapped[dict[str, Any] | None]  # fields of an imported line Kefu does not know

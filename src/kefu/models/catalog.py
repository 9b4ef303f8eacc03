"""Products (商品) and their SKUs with listed and warehouse stock."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, id_column, ref_column


class Product(Base):
    __tablename__ = "products"

    id: Mapped[str] = id_column()
    title: Mapped[str] = mapped_column(String(255))
    price: Mapped[Decimal | None]
    stock: Mapped[int | None]
    # The 三包 warranty in days from delivery (null: none).
    warranty_days: Mapped[int | None]
    attributes: Mapped[dict[str, Any] | None]
    extra: Mapped[dict[str, Any] | None]


class Sku(Base):
    """One purchasable variant. ``stock`` is what the shop lists, ``actual_stock``
    what the warehouse last reported (null until a count is imported)."""

    __tablename__ = "skus"

    id: Mapped[str] = id_column()
    product_id: Mapped[str] = ref_column("products.id")
    attributes: Mapped[dict[str, Any] | None]
    price: Mapped[Decimal | None]
    stock: Mapped[int] = mapped_column(default=0)
    actual_stock: Mapped[int | None]
    code: Mapped[str | None] = mapped_column(String(64))

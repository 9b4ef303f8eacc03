"""Every query of the catalog domain."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kefu.models import Product, Sku


def sku(db: Session, key: str) -> Sku | None:
    """By SKU id or the warehouse's code."""
    found = db.get(Sku, key)
    return found or db.scalars(select(Sku).where(Sku.code == key)).first()


def differences(db: Session, limit: int) -> list[tuple[Sku, str]]:
    query = (
        select(Sku, Product.title)
        .join(Product, Product.id == Sku.product_id)
        .where(Sku.actual_stock.is_not(None), Sku.actual_stock != Sku.stock)
        .order_by(Product.title, Sku.id)
        .limit(limit)
    )
    return [(row, title) for row, title in db.execute(query)]


def products(db: Session, text: str, limit: int) -> list[Product]:
    like = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = select(Product).where(
        or_(Product.id == text, Product.title.like(f"%{like}%", escape="\\"))
    )
    return list(db.scalars(query.order_by(Product.title).limit(limit)))


def skus_of(db: Session, product_ids: list[str]) -> list[Sku]:
    query = select(Sku).where(Sku.product_id.in_(product_ids)).order_by(Sku.product_id, Sku.id)
    return list(db.scalars(query))


def product(db: Session, product_id: str) -> Product | None:
    return db.get(Product, product_id)

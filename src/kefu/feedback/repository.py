"""Every query of the feedback domain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.models import Feedback, Product


def add(db: Session, row: Feedback) -> None:
    db.add(row)
    db.flush()


def between(db: Session, start: dt.datetime, end: dt.datetime) -> list[Feedback]:
    query = select(Feedback).where(Feedback.at >= start, Feedback.at < end)
    return list(db.scalars(query.order_by(Feedback.at, Feedback.id)))


def for_source(db: Session, source_kind: str, source_id: str) -> Feedback | None:
    query = select(Feedback).where(
        Feedback.source_kind == source_kind, Feedback.source_id == source_id
    )
    return db.scalars(query).first()


def product_titles(db: Session, product_ids: set[str]) -> dict[str, str]:
    if not product_ids:
        return {}
    query = select(Product.id, Product.title).where(Product.id.in_(product_ids))
    return {product_id: title for product_id, title in db.execute(query)}

"""Every query of the bot domain: FAQ entries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.models import KbEntry, Product


def entries(session: Session, *, enabled_only: bool = False) -> list[KbEntry]:
    query = select(KbEntry).order_by(KbEntry.intent, KbEntry.id)
    if enabled_only:
        query = query.where(KbEntry.enabled.is_(True))
    return list(session.scalars(query))


def entry(session: Session, entry_id: str) -> KbEntry | None:
    return session.get(KbEntry, entry_id)


def version(session: Session) -> tuple[int, dt.datetime | None]:
    """Changes whenever an entry is added, changed or removed."""
    count, latest = session.execute(select(func.count(), func.max(KbEntry.updated_at))).one()
    return count, latest


def add(session: Session, row: KbEntry) -> None:
    session.add(row)
    session.flush()


def delete(session: Session, row: KbEntry) -> None:
    session.delete(row)
    session.flush()


def product(session: Session, product_id: str) -> Product | None:
    return session.get(Product, product_id)


def products_among(session: Session, product_ids: set[str]) -> list[Product]:
    return list(session.scalars(select(Product).where(Product.id.in_(product_ids))))

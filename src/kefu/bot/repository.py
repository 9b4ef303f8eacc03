"""Every query of the bot domain: FAQ entries."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Text, cast, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import KbEntry, Product

ENTRY_SORTS: dict[str, ColumnElement[Any]] = {
    "intent": KbEntry.intent,
    "updated_at": KbEntry.updated_at,
    "enabled": KbEntry.enabled,
}


def entries(session: Session, *, enabled_only: bool = False) -> list[KbEntry]:
    query = select(KbEntry).order_by(KbEntry.intent, KbEntry.id)
    if enabled_only:
        query = query.where(KbEntry.enabled.is_(True))
    return list(session.scalars(query))


def entry_page(
    session: Session,
    *,
    intent: str | None,
    product_id: str | None,
    enabled: bool | None,
    text: str | None,
    params: PageParams,
) -> tuple[list[Any], int]:
    """(entry, product title) rows of one page of the knowledge base, and the count."""
    query = select(KbEntry, Product.title).outerjoin(Product, Product.id == KbEntry.product_id)
    if intent:
        query = query.where(KbEntry.intent == intent)
    if product_id:
        query = query.where(KbEntry.product_id == product_id)
    if enabled is not None:
        query = query.where(KbEntry.enabled.is_(enabled))
    if text and text.strip():
        query = query.where(_mentions(text.strip()))
    query = order_by(query, params.sort, ENTRY_SORTS, default=(KbEntry.intent, KbEntry.id))
    return fetch_page(session, query, params)


def _mentions(text: str) -> ColumnElement[bool]:
    """Entries whose answer or a question contains ``text``. The questions are a JSON list,
    stored with non-ASCII escaped (\\uXXXX), so the escaped form is searched as well."""
    questions = cast(KbEntry.questions, Text)
    return or_(
        KbEntry.answer.icontains(text, autoescape=True),
        questions.icontains(text, autoescape=True),
        questions.icontains(json.dumps(text)[1:-1], autoescape=True),
    )


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

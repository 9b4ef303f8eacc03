"""The shop's own queries: its case-number counters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kefu.models import CaseCounter


def next_in_sequence(db: Session, key: str) -> int:
    """The next number of ``key``'s count, from 1. The UPDATE holds the counter's row
    until the transaction ends, so two writers never take the same number."""
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    db.execute(insert(CaseCounter).values(key=key, last=0).on_conflict_do_nothing())
    bump = (
        update(CaseCounter)
        .where(CaseCounter.key == key)
        .values(last=CaseCounter.last + 1)
        .returning(CaseCounter.last)
    )
    return db.execute(bump).scalar_one()


def id_taken(db: Session, model: Any, row_id: str) -> bool:
    return db.scalar(select(model.id).where(model.id == row_id)) is not None

"""Queries of the outgoing mail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from kefu.models import OutgoingMail


def queued(db: Session, key: str, recipient: str) -> OutgoingMail | None:
    query = select(OutgoingMail).where(OutgoingMail.key == key, OutgoingMail.recipient == recipient)
    return db.scalar(query)


def add(db: Session, row: OutgoingMail) -> None:
    db.add(row)
    db.flush()


def due(
    db: Session, *, now: dt.datetime, stale_before: dt.datetime, limit: int
) -> list[OutgoingMail]:
    """Mail whose turn has come, and mail claimed by a process that died before saying
    how it went."""
    query = (
        select(OutgoingMail)
        .where(
            or_(
                and_(OutgoingMail.status == "pending", OutgoingMail.next_attempt_at <= now),
                and_(OutgoingMail.status == "sending", OutgoingMail.claimed_at < stale_before),
            )
        )
        .order_by(OutgoingMail.created_at, OutgoingMail.id)
        .limit(limit)
    )
    return list(db.scalars(query))


def get(db: Session, mail_id: str) -> OutgoingMail | None:
    return db.get(OutgoingMail, mail_id)


def by_key_prefix(db: Session, prefix: str) -> list[OutgoingMail]:
    query = select(OutgoingMail).where(OutgoingMail.key.startswith(prefix, autoescape=True))
    return list(db.scalars(query.order_by(OutgoingMail.created_at)))


def parked_since(db: Session, prefix: str, since: dt.datetime) -> list[OutgoingMail]:
    query = select(OutgoingMail).where(
        OutgoingMail.status == "parked",
        OutgoingMail.key.startswith(prefix, autoescape=True),
        OutgoingMail.claimed_at >= since,
    )
    return list(db.scalars(query))

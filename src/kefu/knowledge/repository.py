"""Every query of the knowledge domain."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kefu.models import QuickPhrase


def phrases_for(session: Session, agent_id: str) -> list[QuickPhrase]:
    query = select(QuickPhrase).where(
        or_(QuickPhrase.owner_id.is_(None), QuickPhrase.owner_id == agent_id)
    )
    return list(session.scalars(query.order_by(QuickPhrase.group_name, QuickPhrase.shortcut)))


def add(session: Session, phrase: QuickPhrase) -> None:
    session.add(phrase)
    session.flush()


def phrase(session: Session, phrase_id: str) -> QuickPhrase | None:
    return session.get(QuickPhrase, phrase_id)


def by_shortcut(session: Session, shortcut: str, owner_id: str | None) -> QuickPhrase | None:
    owner = QuickPhrase.owner_id.is_(None) if owner_id is None else QuickPhrase.owner_id == owner_id
    query = select(QuickPhrase).where(QuickPhrase.shortcut == shortcut, owner)
    return session.scalars(query).first()


def delete(session: Session, phrase: QuickPhrase) -> None:
    session.delete(phrase)
    session.flush()

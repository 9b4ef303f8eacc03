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

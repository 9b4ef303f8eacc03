"""Every query of the knowledge domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import QuickPhrase

PHRASE_SORTS: dict[str, ColumnElement[Any]] = {
    "shortcut": QuickPhrase.shortcut,
    "group": QuickPhrase.group_name,
}


def _visible_to(agent_id: str) -> ColumnElement[bool]:
    """The team's phrases and the agent's own; never another agent's."""
    return or_(QuickPhrase.owner_id.is_(None), QuickPhrase.owner_id == agent_id)


def phrases_for(db: Session, agent_id: str, *, campaign_first: bool = False) -> list[QuickPhrase]:
    query = select(QuickPhrase).where(_visible_to(agent_id))
    order = (QuickPhrase.group_name, QuickPhrase.shortcut)
    if campaign_first:
        order = (QuickPhrase.campaign.desc(), *order)
    return list(db.scalars(query.order_by(*order)))


def phrase_page(
    db: Session,
    *,
    agent_id: str,
    team: bool | None,
    group: str | None,
    text: str | None,
    params: PageParams,
) -> tuple[list[QuickPhrase], int]:
    query = select(QuickPhrase).where(_visible_to(agent_id))
    if team is not None:
        owner = QuickPhrase.owner_id
        query = query.where(owner.is_(None) if team else owner == agent_id)
    if group:
        query = query.where(QuickPhrase.group_name == group)
    if text and text.strip():
        words = text.strip()
        query = query.where(
            or_(
                QuickPhrase.shortcut.icontains(words, autoescape=True),
                QuickPhrase.text.icontains(words, autoescape=True),
                QuickPhrase.group_name.icontains(words, autoescape=True),
            )
        )
    default = (QuickPhrase.group_name, QuickPhrase.shortcut, QuickPhrase.id)
    rows, total = fetch_page(db, order_by(query, params.sort, PHRASE_SORTS, default), params)
    return [row[0] for row in rows], total


def groups_for(db: Session, agent_id: str) -> list[str]:
    query = (
        select(QuickPhrase.group_name)
        .where(_visible_to(agent_id), QuickPhrase.group_name.is_not(None))
        .distinct()
        .order_by(QuickPhrase.group_name)
    )
    return [name for name in db.scalars(query) if name]


def add(db: Session, phrase: QuickPhrase) -> None:
    db.add(phrase)
    db.flush()


def phrase(db: Session, phrase_id: str) -> QuickPhrase | None:
    return db.get(QuickPhrase, phrase_id)


def by_shortcut(db: Session, shortcut: str, owner_id: str | None) -> QuickPhrase | None:
    owner = QuickPhrase.owner_id.is_(None) if owner_id is None else QuickPhrase.owner_id == owner_id
    query = select(QuickPhrase).where(QuickPhrase.shortcut == shortcut, owner)
    return db.scalars(query).first()


def delete(db: Session, phrase: QuickPhrase) -> None:
    db.delete(phrase)
    db.flush()

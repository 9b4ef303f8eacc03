"""Every query of the reviewer's worklist: queued sessions with the agent's and the reviewer's
names, the buyer's nick, the automatic score, and the rules their findings name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, aliased

from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import Agent, ChatSession, Customer, QcFinding, QcInspection, QcReview

_agent = aliased(Agent)
_reviewer = aliased(Agent)
SORTS = {
    "queued_at": QcReview.queued_at,
    "reviewed_at": QcReview.reviewed_at,
    "opened_at": ChatSession.opened_at,
    "score": QcInspection.score,
    "total": QcReview.total,
}


def _listed() -> Select[Any]:
    return (
        select(
            QcReview,
            QcInspection.score,
            QcInspection.flagged,
            ChatSession.opened_at,
            Customer.nick,
            _agent.name.label("agent_name"),
            _reviewer.name.label("reviewer_name"),
        )
        .join(QcInspection, QcInspection.session_id == QcReview.session_id)
        .join(ChatSession, ChatSession.id == QcReview.session_id)
        .join(Customer, Customer.id == ChatSession.customer_id)
        .outerjoin(_agent, _agent.id == QcReview.agent_id)
        .outerjoin(_reviewer, _reviewer.id == QcReview.reviewer_id)
    )


def review_page(
    db: Session,
    *,
    reviewed: bool | None,
    reason: str | None,
    agent_id: str | None,
    q: str | None,
    params: PageParams,
) -> tuple[list[Any], int]:
    """Queued sessions, oldest first unless sorted otherwise."""
    query = _listed()
    if reviewed is not None:
        done = QcReview.reviewed_at.is_not(None)
        query = query.where(done if reviewed else QcReview.reviewed_at.is_(None))
    if reason:
        query = query.where(QcReview.reason == reason)
    if agent_id:
        query = query.where(QcReview.agent_id == agent_id)
    if q:
        text = q.strip()
        query = query.where(or_(Customer.nick.ilike(f"%{text}%"), QcReview.session_id == text))
    default = [QcReview.queued_at, QcReview.session_id]
    return fetch_page(db, order_by(query, params.sort, SORTS, default), params)


def review_entry(db: Session, session_id: str) -> Any | None:
    return db.execute(_listed().where(QcReview.session_id == session_id)).first()


def rules_of(db: Session, session_ids: list[str]) -> dict[str, list[str]]:
    """The rules each session's findings name, in order, once each."""
    if not session_ids:
        return {}
    query = (
        select(QcFinding.session_id, QcFinding.rule)
        .where(QcFinding.session_id.in_(session_ids))
        .order_by(QcFinding.session_id, QcFinding.id)
    )
    rules: dict[str, list[str]] = {session_id: [] for session_id in session_ids}
    for session_id, rule in db.execute(query):
        if rule not in rules[session_id]:
            rules[session_id].append(rule)
    return rules


def findings(db: Session, session_id: str) -> list[QcFinding]:
    query = select(QcFinding).where(QcFinding.session_id == session_id).order_by(QcFinding.id)
    return list(db.scalars(query))

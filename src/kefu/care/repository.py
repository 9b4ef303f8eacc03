"""Every query of the care domain: campaigns, what they sent, surveys."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import Campaign, CareSend, Rating, Segment, Survey

CAMPAIGN_SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": Campaign.created_at,
    "name": Campaign.name,
}
SEND_SORTS: dict[str, ColumnElement[Any]] = {"at": CareSend.at}


def add(db: Session, row: Campaign | CareSend | Survey) -> None:
    db.add(row)
    db.flush()


def campaign(db: Session, campaign_id: str) -> Campaign | None:
    return db.get(Campaign, campaign_id)


def campaigns(db: Session) -> list[Campaign]:
    return list(db.scalars(select(Campaign).order_by(Campaign.created_at.desc())))


def _with_counts() -> Select[Any]:
    """Campaigns with their segment's name, how many sends they made and the latest."""
    sent = (
        select(
            CareSend.campaign_id,
            func.count().label("sent"),
            func.max(CareSend.at).label("last_at"),
        )
        .group_by(CareSend.campaign_id)
        .subquery()
    )
    return (
        select(Campaign, Segment.name, sent.c.sent, sent.c.last_at)
        .outerjoin(Segment, Segment.id == Campaign.segment_id)
        .outerjoin(sent, sent.c.campaign_id == Campaign.id)
    )


def campaign_page(
    db: Session,
    *,
    kind: str | None,
    action: str | None,
    text: str | None,
    params: PageParams,
) -> tuple[list[Any], int]:
    """(campaign, segment name, sends, last send) rows of one page, and the count."""
    query = _with_counts()
    if kind:
        query = query.where(Campaign.kind == kind)
    if action:
        query = query.where(Campaign.action == action)
    if text and text.strip():
        words = text.strip()
        query = query.where(
            or_(
                Campaign.name.icontains(words, autoescape=True),
                Campaign.template.icontains(words, autoescape=True),
            )
        )
    default = (Campaign.created_at.desc(), Campaign.id)
    return fetch_page(db, order_by(query, params.sort, CAMPAIGN_SORTS, default), params)


def campaign_with_counts(db: Session, campaign_id: str) -> Any:
    return db.execute(_with_counts().where(Campaign.id == campaign_id)).one_or_none()


def send_page(
    db: Session,
    *,
    campaign_id: str,
    status: str | None,
    channel: str | None,
    params: PageParams,
) -> tuple[list[CareSend], int]:
    query = select(CareSend).where(CareSend.campaign_id == campaign_id)
    if status:
        query = query.where(CareSend.status == status)
    if channel:
        query = query.where(CareSend.channel == channel)
    default = (CareSend.at.desc(), CareSend.id.desc())
    rows, total = fetch_page(db, order_by(query, params.sort, SEND_SORTS, default), params)
    return [row[0] for row in rows], total


def sent_before(db: Session, campaign_id: str, customer_id: str, occasion: str) -> bool:
    query = select(CareSend.id).where(
        CareSend.campaign_id == campaign_id,
        CareSend.customer_id == customer_id,
        CareSend.occasion == occasion,
    )
    return db.scalar(query) is not None


def contacts_since(db: Session, customer_ids: list[str], since: dt.datetime) -> dict[str, int]:
    """How many care contacts each customer had since then."""
    found: dict[str, int] = {}
    for first in range(0, len(customer_ids), 500):
        query = (
            select(CareSend.customer_id, func.count())
            .where(
                CareSend.customer_id.in_(customer_ids[first : first + 500]),
                CareSend.at > since,
                CareSend.status != "failed",
            )
            .group_by(CareSend.customer_id)
        )
        found.update({customer: n for customer, n in db.execute(query)})
    return found


def sends_of(db: Session, campaign_id: str) -> list[CareSend]:
    query = select(CareSend).where(CareSend.campaign_id == campaign_id).order_by(CareSend.id)
    return list(db.scalars(query))


def care_sends(db: Session, ids: list[int]) -> list[CareSend]:
    return list(db.scalars(select(CareSend).where(CareSend.id.in_(ids))))


def surveys(db: Session, ids: list[str]) -> list[Survey]:
    return list(db.scalars(select(Survey).where(Survey.id.in_(ids))))


def queued_emails(db: Session, limit: int) -> list[CareSend]:
    query = select(CareSend).where(CareSend.channel == "email", CareSend.status == "queued")
    return list(db.scalars(query.order_by(CareSend.id).limit(limit)))


def survey(db: Session, survey_id: str) -> Survey | None:
    return db.get(Survey, survey_id)


def survey_for(db: Session, case_kind: str, case_id: str) -> Survey | None:
    query = select(Survey).where(Survey.case_kind == case_kind, Survey.case_id == case_id)
    return db.scalar(query)


def queued_surveys(db: Session, limit: int) -> list[Survey]:
    query = select(Survey).where(Survey.channel == "email", Survey.status == "queued")
    return list(db.scalars(query.order_by(Survey.sent_at).limit(limit)))


def rating_scores(db: Session, start: dt.datetime, end: dt.datetime) -> list[int]:
    query = select(Rating.score).where(Rating.at >= start, Rating.at < end)
    return list(db.scalars(query))


def survey_scores(db: Session, start: dt.datetime, end: dt.datetime) -> list[int]:
    query = select(Survey.score).where(
        Survey.answered_at >= start, Survey.answered_at < end, Survey.score.is_not(None)
    )
    return [score for score in db.scalars(query) if score is not None]

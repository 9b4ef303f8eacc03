"""Every query of the care domain: campaigns, what they sent, surveys."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.models import Campaign, CareSend, Rating, Survey


def add(session: Session, row: Campaign | CareSend | Survey) -> None:
    session.add(row)
    session.flush()


def campaign(session: Session, campaign_id: str) -> Campaign | None:
    return session.get(Campaign, campaign_id)


def campaigns(session: Session) -> list[Campaign]:
    return list(session.scalars(select(Campaign).order_by(Campaign.created_at.desc())))


def sent_before(session: Session, campaign_id: str, customer_id: str, occasion: str) -> bool:
    query = select(CareSend.id).where(
        CareSend.campaign_id == campaign_id,
        CareSend.customer_id == customer_id,
        CareSend.occasion == occasion,
    )
    return session.scalar(query) is not None


def contacts_since(session: Session, customer_ids: list[str], since: dt.datetime) -> dict[str, int]:
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
        found.update({customer: n for customer, n in session.execute(query)})
    return found


def sends_of(session: Session, campaign_id: str) -> list[CareSend]:
    query = select(CareSend).where(CareSend.campaign_id == campaign_id).order_by(CareSend.id)
    return list(session.scalars(query))


def queued_emails(session: Session, limit: int) -> list[CareSend]:
    query = select(CareSend).where(CareSend.channel == "email", CareSend.status == "queued")
    return list(session.scalars(query.order_by(CareSend.id).limit(limit)))


def survey(session: Session, survey_id: str) -> Survey | None:
    return session.get(Survey, survey_id)


def survey_for(session: Session, case_kind: str, case_id: str) -> Survey | None:
    query = select(Survey).where(Survey.case_kind == case_kind, Survey.case_id == case_id)
    return session.scalar(query)


def queued_surveys(session: Session, limit: int) -> list[Survey]:
    query = select(Survey).where(Survey.channel == "email", Survey.status == "queued")
    return list(session.scalars(query.order_by(Survey.sent_at).limit(limit)))


def rating_scores(session: Session, start: dt.datetime, end: dt.datetime) -> list[int]:
    query = select(Rating.score).where(Rating.at >= start, Rating.at < end)
    return list(session.scalars(query))


def survey_scores(session: Session, start: dt.datetime, end: dt.datetime) -> list[int]:
    query = select(Survey.score).where(
        Survey.answered_at >= start, Survey.answered_at < end, Survey.score.is_not(None)
    )
    return [score for score in session.scalars(query) if score is not None]

"""KPIs for a period, shop-wide and per agent, by day or month (shared/spec/kpis.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput
from kefu.kit.money import format_yuan
from kefu.kpi import repository
from kefu.kpi.engine import CONVERSION_WINDOW, AgentTally, Ratio, SessionMessages, Tally, half_up

KPI_IDS = (
    "sessions",
    "inquiries",
    "served",
    "first_response_s",
    "avg_response_s",
    "response_rate",
    "answer_question_ratio",
    "conversion_rate",
    "agent_sales",
    "bot_resolution_rate",
    "refund_rate",
    "complaint_on_time_rate",
    "bad_review_7d_rate",
    "csat",
    "csat_mean",
)
AGENT_KPI_IDS = (
    "sessions",
    "served",
    "first_response_s",
    "avg_response_s",
    "answer_question_ratio",
    "conversion_rate",
    "agent_sales",
    "csat",
    "csat_mean",
)


def compute(db: Session, *, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """``{"shop": {kpi: value}, "agents": {agent: {kpi: value}}}`` for [start, end)."""
    if end <= start:
        raise BadInput("结束时间必须晚于开始时间", code="bad_period")
    tally = Tally()
    handed = repository.handed_to_people(db, start, end)
    opened = repository.sessions_opened(db, start, end)
    tally.sessions = len(opened)
    customer_of = dict(opened)
    current: SessionMessages | None = None
    for row in repository.messages(db, start, end):
        if current is None or current.id != row.session_id:
            if current is not None:
                tally.add_session(current, handed_off=current.id in handed)
            current = SessionMessages(row.session_id, customer_of[row.session_id], [])
        current.said.append((row.sender, row.agent_id, row.at))
    if current is not None:
        tally.add_session(current, handed_off=current.id in handed)
    converted, sales = tally.add_payments(repository.payments(db, start, end + CONVERSION_WINDOW))
    ratings = repository.ratings(db, start, end)
    for session_id, score in ratings:
        for agent in tally.session_agents.get(session_id, ()):
            tally.agents[agent].ratings.append(score)
    shop = _shop(db, tally, start, end, converted, sales, [score for _s, score in ratings])
    agents = {
        agent: _agent(tally, agent_tally) for agent, agent_tally in sorted(tally.agents.items())
    }
    return {"shop": shop, "agents": agents}


def _shop(
    db: Session,
    tally: Tally,
    start: dt.datetime,
    end: dt.datetime,
    converted: int,
    sales: Decimal,
    scores: list[int],
) -> dict[str, Any]:
    complaints = repository.complaints_promised(db, start, end)
    reviews = repository.bad_reviews(db, start, end)
    return {
        "sessions": tally.sessions,
        "inquiries": len(tally.inquirers),
        "served": len(tally.served),
        "first_response_s": tally.first_response.value(1),
        "avg_response_s": tally.response.value(1),
        "response_rate": Ratio(tally.with_human, tally.handed).value(),
        "answer_question_ratio": Ratio(tally.human_messages, tally.buyer_messages_served).value(),
        "conversion_rate": Ratio(converted, len(tally.inquirers)).value(),
        "agent_sales": format_yuan(sales),
        "bot_resolution_rate": Ratio(tally.bot_resolved, tally.bot_sessions).value(),
        "refund_rate": Ratio(
            repository.count_refunds_requested(db, start, end),
            repository.count_orders_paid(db, start, end),
        ).value(),
        "complaint_on_time_rate": Ratio(
            sum(
                1
                for promised, resolved in complaints
                if resolved is not None and resolved <= promised
            ),
            len(complaints),
        ).value(),
        "bad_review_7d_rate": Ratio(
            sum(
                1
                for at, handled in reviews
                if handled is not None and handled - at <= dt.timedelta(days=7)
            ),
            len(reviews),
        ).value(),
        **_csat(scores),
    }


def _csat(scores: list[int]) -> dict[str, float | None]:
    return {
        "csat": Ratio(sum(1 for score in scores if score >= 4), len(scores)).value(),
        "csat_mean": half_up(Decimal(sum(scores)) / len(scores), 2) if scores else None,
    }


def _agent(tally: Tally, agent: AgentTally) -> dict[str, Any]:
    inquirers_served = len(agent.served & tally.inquirers)
    return {
        "sessions": agent.sessions,
        "served": len(agent.served),
        "first_response_s": agent.first_response.value(1),
        "avg_response_s": agent.response.value(1),
        "answer_question_ratio": Ratio(agent.own_messages, agent.buyer_messages).value(),
        "conversion_rate": Ratio(agent.converted, inquirers_served).value(),
        "agent_sales": format_yuan(agent.sales),
        **_csat(agent.ratings),
    }


def periods(
    start: dt.date, end: dt.date, by: str, tz: str
) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """The period split by day or month, each bound at midnight in the shop's zone."""
    zone = ZoneInfo(tz)

    def midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(0), tzinfo=zone)

    if by not in ("day", "month"):
        return [(f"{start.isoformat()}/{end.isoformat()}", midnight(start), midnight(end))]
    out, day = [], start
    while day < end:
        if by == "day":
            following = day + dt.timedelta(days=1)
            label = day.isoformat()
        else:
            following = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            label = day.strftime("%Y-%m")
        following = min(following, end)
        out.append((label, midnight(day), midnight(following)))
        day = following
    return out

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
from kefu.kpi.engine import (
    CONVERSION_WINDOW,
    EPOCH,
    AgentTally,
    Ratio,
    Tally,
    micros,
    summarize,
)

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
    """``{"shop": {kpi: value}, "agents": {agent: {kpi: value}}}`` for [start, end).

    Closed and imported sessions are added up from their stored summaries in SQL;
    sessions still open are summarized from their messages on the spot.
    """
    tally, converted, sales = count(db, start=start, end=end)
    shop = _shop(db, tally, start, end, converted, sales)
    agents = {agent: agent_kpis(agent_tally) for agent, agent_tally in sorted(tally.agents.items())}
    return {"shop": shop, "agents": agents}


def count(db: Session, *, start: dt.datetime, end: dt.datetime) -> tuple[Tally, int, Decimal]:
    """The period's tally, conversions and credited sales: what ``compute`` reports, and
    what the Team KPIs (kefu.kpi.team) build on (each agent's credited orders)."""
    if end <= start:
        raise BadInput("结束时间必须晚于开始时间", code="bad_period")
    tally = Tally()
    tally.sessions = repository.count_sessions_opened(db, start, end)
    tally.add_totals(repository.summary_totals(db, start, end))
    for customer, inquired, served, first_buyer_us in repository.summary_customers(db, start, end):
        tally.add_customer(
            customer, inquired=inquired, served=served, first_buyer_us=first_buyer_us
        )
    for totals in repository.agent_totals(db, start, end):
        tally.add_agent_totals(totals)
    _add_open_sessions(db, tally, start, end)
    tally.count_reach(repository.agent_customers_among(db, start, end, tally.touched_customers()))
    converted, sales = _conversions(db, tally, start, end)
    return tally, converted, sales


def unconverted_inquiries(
    db: Session, *, start: dt.datetime, end: dt.datetime
) -> dict[str, dt.datetime]:
    """The customers counted in ``inquiries`` for [start, end) who are not counted as
    converted by ``conversion_rate`` (no payment within 72 h of their first buyer
    message), each with that first message's time: the follow-up list's source."""
    tally = Tally()
    for customer, inquired, served, first_buyer_us in repository.summary_customers(db, start, end):
        tally.add_customer(
            customer, inquired=inquired, served=served, first_buyer_us=first_buyer_us
        )
    _add_open_sessions(db, tally, start, end)
    payments = repository.payments(db, start, end + CONVERSION_WINDOW)
    converted = tally.paid_in_window(payments)
    return {
        customer: EPOCH + dt.timedelta(microseconds=tally.first_buyer_us[customer])
        for customer in sorted(tally.inquirers - converted.keys())
    }


def _add_open_sessions(db: Session, tally: Tally, start: dt.datetime, end: dt.datetime) -> None:
    open_ids = repository.unsummarized_sessions(db, start, end)
    if not open_ids:
        return
    handed = repository.handed_among(db, open_ids)
    tally.rated = repository.ratings_of(db, open_ids)
    current: tuple[str, str] | None = None
    said: list[tuple[str, str | None, dt.datetime]] = []
    for row in repository.messages_with_customer(db, open_ids):
        if current is None or current[0] != row.session_id:
            if current is not None:
                tally.add_summary(summarize(*current, said, handed=current[0] in handed))
            current, said = (row.session_id, row.customer_id), []
        said.append((row.sender, row.agent_id, row.at))
    if current is not None:
        tally.add_summary(summarize(*current, said, handed=current[0] in handed))


def _conversions(
    db: Session, tally: Tally, start: dt.datetime, end: dt.datetime
) -> tuple[int, Decimal]:
    payments = repository.payments(db, start, end + CONVERSION_WINDOW)
    payers = {customer for _id, customer, _at, _amount in payments if customer in tally.inquirers}
    spoke: dict[str, list[tuple[int, str]]] = {}
    for customer, at, agent in repository.human_times(db, start, end, payers):
        spoke.setdefault(customer, []).append((micros(at), agent))
    return tally.add_payments(payments, spoke)


def _shop(
    db: Session,
    tally: Tally,
    start: dt.datetime,
    end: dt.datetime,
    converted: int,
    sales: Decimal,
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
        **tally.csat.values(),
    }


def agent_kpis(agent: AgentTally) -> dict[str, Any]:
    return {
        "sessions": agent.sessions,
        "served": agent.served,
        "first_response_s": agent.first_response.value(1),
        "avg_response_s": agent.response.value(1),
        "answer_question_ratio": Ratio(agent.own_messages, agent.buyer_messages).value(),
        "conversion_rate": Ratio(agent.converted, agent.inquirers_served).value(),
        "agent_sales": format_yuan(agent.sales),
        **agent.csat.values(),
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

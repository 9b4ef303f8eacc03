"""The KPI arithmetic of shared/spec/kpis.md over one period.

Where the spec defines a KPI for the shop only, the per-agent figure counts the
sessions in which the agent sent at least one message (``sessions``, ``csat``,
``csat_mean``; ``response_rate`` is shop-only); ``conversion_rate`` per agent is
the customers credited to the agent over the inquiring customers the agent served;
the shop's ``agent_sales`` is the sum credited to agents (a buyer who paid before
any agent spoke converted, but not through an agent).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CONVERSION_WINDOW = dt.timedelta(hours=72)


def half_up(value: Decimal, digits: int) -> float:
    """The spec's rounding, done exactly (half up), so other tools get the same digits."""
    return float(value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


@dataclass
class Mean:
    """A mean of durations, summed as integer microseconds so nothing is lost to floats."""

    total_us: int = 0
    count: int = 0

    def add(self, total_us: int, count: int = 1) -> None:
        self.total_us += total_us
        self.count += count

    def value(self, digits: int) -> float | None:
        if self.count == 0:
            return None
        return half_up(Decimal(self.total_us) / self.count / 1_000_000, digits)


@dataclass
class Ratio:
    hits: int = 0
    of: int = 0

    def value(self) -> float | None:
        return None if self.of == 0 else half_up(Decimal(self.hits) / self.of, 4)


@dataclass
class Csat:
    """Satisfaction scores, counted rather than listed, so sums from SQL and single
    scores from open sessions add up alike."""

    good: int = 0  # scores of 4 or 5
    count: int = 0
    total: int = 0

    def add(self, score: int) -> None:
        self.add_totals(good=int(score >= 4), count=1, total=score)

    def add_totals(self, *, good: int, count: int, total: int) -> None:
        self.good += good
        self.count += count
        self.total += total

    def values(self) -> dict[str, float | None]:
        return {
            "csat": Ratio(self.good, self.count).value(),
            "csat_mean": half_up(Decimal(self.total) / self.count, 2) if self.count else None,
        }


@dataclass
class AgentTally:
    sessions: int = 0
    summarized_customers: int = 0  # distinct customers in the agent's stored summaries
    open_customers: set[str] = field(default_factory=set)  # ... and in open sessions
    served: int = 0  # distinct customers served, summaries and open sessions together
    inquirers_served: int = 0
    first_response: Mean = field(default_factory=Mean)
    response: Mean = field(default_factory=Mean)
    own_messages: int = 0
    buyer_messages: int = 0
    converted: int = 0
    sales: Decimal = Decimal("0.00")
    orders: list[tuple[str, Decimal]] = field(default_factory=list)  # credited (id, amount)
    csat: Csat = field(default_factory=Csat)


def micros(value: dt.datetime) -> int:
    return (value - EPOCH) // dt.timedelta(microseconds=1)


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class AgentPart:
    """One agent's share of one session."""

    agent_id: str
    messages: int
    first_response_us: int | None  # set when this agent sent the first human message
    burst_us: int
    bursts: int


@dataclass(frozen=True)
class SessionSummary:
    """What the KPIs need from one session's messages; stored once a session is
    closed or imported, so reports add up summaries instead of messages."""

    session_id: str
    customer_id: str
    buyer_messages: int
    human_messages: int
    has_bot: bool
    handed: bool
    first_buyer_us: int | None
    first_response_us: int | None
    burst_us: int
    bursts: int
    agents: tuple[AgentPart, ...]


def summarize(
    session_id: str,
    customer_id: str,
    said: list[tuple[str, str | None, dt.datetime]],
    *,
    handed: bool,
) -> SessionSummary:
    """Summarize one session's messages (sender, agent, at), in order."""
    buyers = [micros(at) for sender, _agent, at in said if sender == "buyer"]
    humans = [(agent, micros(at)) for sender, agent, at in said if sender == "agent"]
    parts: dict[
        str, list[int]
    ] = {}  # agent -> [messages, first_response_us or -1, burst_us, bursts]
    for agent, _at in humans:
        if agent:
            parts.setdefault(agent, [0, -1, 0, 0])[0] += 1
    first_response = None
    if buyers and humans:
        first_response = humans[0][1] - buyers[0]
        if humans[0][0]:
            parts[humans[0][0]][1] = first_response
    burst_us = bursts = 0
    index = 0
    while index < len(said):  # a burst: consecutive buyer messages, answered by the next human one
        if said[index][0] != "buyer":
            index += 1
            continue
        start = micros(said[index][2])
        while index < len(said) and said[index][0] == "buyer":
            index += 1
        reply = next(((agent, at) for sender, agent, at in said[index:] if sender == "agent"), None)
        if reply is not None:
            waited = micros(reply[1]) - start
            burst_us, bursts = burst_us + waited, bursts + 1
            if reply[0]:
                parts[reply[0]][2] += waited
                parts[reply[0]][3] += 1
    return SessionSummary(
        session_id=session_id,
        customer_id=customer_id,
        buyer_messages=len(buyers),
        human_messages=len(humans),
        has_bot=any(sender == "bot" for sender, _a, _t in said),
        handed=handed,
        first_buyer_us=buyers[0] if buyers else None,
        first_response_us=first_response,
        burst_us=burst_us,
        bursts=bursts,
        agents=tuple(
            AgentPart(agent, n, None if first < 0 else first, b_us, b)
            for agent, (n, first, b_us, b) in sorted(parts.items())
        ),
    )


@dataclass
class Tally:
    """Everything counted over one period, shop-wide and per agent."""

    sessions: int = 0
    customers: set[str] = field(default_factory=set)  # everyone with a session in the period
    inquirers: set[str] = field(default_factory=set)
    served: set[str] = field(default_factory=set)
    first_response: Mean = field(default_factory=Mean)
    response: Mean = field(default_factory=Mean)
    with_human: int = 0
    handed: int = 0
    human_messages: int = 0
    buyer_messages_served: int = 0
    bot_sessions: int = 0
    bot_resolved: int = 0
    agents: dict[str, AgentTally] = field(default_factory=lambda: defaultdict(AgentTally))
    first_buyer_us: dict[str, int] = field(default_factory=dict)
    csat: Csat = field(default_factory=Csat)
    rated: dict[str, int] = field(default_factory=dict)  # open session -> score

    def add_totals(self, totals: Any) -> None:
        """Sums over stored session summaries (see ``repository.summary_totals``)."""
        self.csat.add_totals(good=totals.rated_good, count=totals.rated, total=totals.score_sum)
        self.with_human += totals.with_human
        self.handed += totals.handed
        self.human_messages += totals.human_messages
        self.buyer_messages_served += totals.buyer_messages_served
        self.bot_sessions += totals.bot_sessions
        self.bot_resolved += totals.bot_resolved
        self.first_response.add(totals.first_response_us, totals.first_responses)
        self.response.add(totals.burst_us, totals.bursts)

    def add_agent_totals(self, totals: Any) -> None:
        """One agent's sums over stored summaries (see ``repository.agent_totals``)."""
        tally = self.agents[totals.agent_id]
        tally.sessions += totals.sessions
        tally.summarized_customers += totals.customers
        tally.csat.add_totals(good=totals.rated_good, count=totals.rated, total=totals.score_sum)
        tally.own_messages += totals.messages
        tally.buyer_messages += totals.buyer_messages
        tally.first_response.add(totals.first_response_us, totals.first_responses)
        tally.response.add(totals.burst_us, totals.bursts)

    def add_customer(
        self, customer: str, *, inquired: bool, served: bool, first_buyer_us: int | None
    ) -> None:
        """One customer's sessions of the period, summarized (or one open session)."""
        self.customers.add(customer)
        if inquired:
            self.inquirers.add(customer)
        if served:
            self.served.add(customer)
        if first_buyer_us is not None:
            earliest = self.first_buyer_us.get(customer)
            if earliest is None or first_buyer_us < earliest:
                self.first_buyer_us[customer] = first_buyer_us

    def add_summary(self, summary: SessionSummary) -> None:
        """An open session, summarized on the spot."""
        score = self.rated.get(summary.session_id)
        if score is not None:
            self.csat.add(score)
        self.add_session_part(summary)
        for part in summary.agents:
            self.add_agent_part(summary.customer_id, summary.buyer_messages, part, score)

    def add_session_part(self, summary: SessionSummary) -> None:
        self.add_customer(
            summary.customer_id,
            inquired=summary.buyer_messages > 0,
            served=summary.human_messages > 0,
            first_buyer_us=summary.first_buyer_us,
        )
        if summary.has_bot:
            self.bot_sessions += 1
            if not summary.human_messages and not summary.handed:
                self.bot_resolved += 1
        if summary.human_messages or summary.handed:
            self.handed += 1
        if not summary.human_messages:
            return
        self.with_human += 1
        self.human_messages += summary.human_messages
        self.buyer_messages_served += summary.buyer_messages
        if summary.first_response_us is not None:
            self.first_response.add(summary.first_response_us)
        self.response.add(summary.burst_us, summary.bursts)

    def add_agent_part(
        self, customer: str, buyer_messages: int, part: AgentPart, score: int | None
    ) -> None:
        tally = self.agents[part.agent_id]
        tally.sessions += 1
        tally.open_customers.add(customer)
        tally.own_messages += part.messages
        tally.buyer_messages += buyer_messages
        if part.first_response_us is not None:
            tally.first_response.add(part.first_response_us)
        tally.response.add(part.burst_us, part.bursts)
        if score is not None:
            tally.csat.add(score)

    def count_reach(self, summarized_pairs: dict[str, set[str]]) -> None:
        """Each agent's distinct customers served, and how many of them inquired.

        SQL counted each agent's distinct customers over stored summaries. Only
        customers in open sessions and customers who never wrote can change that
        count, so ``summarized_pairs`` holds each agent's summarized customers among
        those few, and the count is corrected for them alone.
        """
        non_inquirers = self.customers - self.inquirers
        for agent_id, tally in self.agents.items():
            summarized = summarized_pairs.get(agent_id, set())
            touched = summarized | tally.open_customers
            tally.served = tally.summarized_customers - len(summarized) + len(touched)
            tally.inquirers_served = tally.served - len(touched & non_inquirers)

    def touched_customers(self) -> set[str]:
        """Customers whose (agent, customer) pairs ``count_reach`` must see."""
        opened = set().union(*(tally.open_customers for tally in self.agents.values()))
        return (self.customers - self.inquirers) | opened

    def add_payments(
        self,
        payments: list[tuple[str, str, dt.datetime, Decimal]],
        human_times: dict[str, list[tuple[int, str]]],
    ) -> tuple[int, Decimal]:
        """Conversions and sales within 72 h of each inquirer's first buyer message,
        credited to the last agent who spoke to the customer at or before the payment.
        The credited orders are kept per agent (客单价 and 退货换货率 are over them)."""
        converted, sales = 0, Decimal("0.00")
        for customer, window in self.paid_in_window(payments).items():
            converted += 1
            before = [
                (at, agent) for at, agent in human_times.get(customer, []) if at <= window[0][0]
            ]
            if before:  # sales count as agent sales only when an agent is credited
                credited = max(before)[1]
                total = sum((amount for _at, amount, _id in window), Decimal("0.00"))
                self.agents[credited].converted += 1
                self.agents[credited].sales += total
                self.agents[credited].orders.extend((oid, amount) for _at, amount, oid in window)
                sales += total
        return converted, sales

    def paid_in_window(
        self, payments: list[tuple[str, str, dt.datetime, Decimal]]
    ) -> dict[str, list[tuple[int, Decimal, str]]]:
        """Each converted customer's payments (micros, amount, order id) inside the 72 h
        window after their first buyer message; customers who did not convert are absent."""
        window_us = CONVERSION_WINDOW // dt.timedelta(microseconds=1)
        by_customer: dict[str, list[tuple[int, Decimal, str]]] = defaultdict(list)
        for order_id, customer, paid_at, amount in payments:
            start = self.first_buyer_us.get(customer)
            at = micros(paid_at)
            if start is not None and start <= at <= start + window_us:
                by_customer[customer].append((at, amount, order_id))
        return dict(by_customer)

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

CONVERSION_WINDOW = dt.timedelta(hours=72)


def half_up(value: Decimal, digits: int) -> float:
    """The spec's rounding, done exactly (half up), so other tools get the same digits."""
    return float(value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


@dataclass
class Mean:
    """A mean of durations, summed as integer microseconds so nothing is lost to floats."""

    total_us: int = 0
    count: int = 0

    def add(self, value: dt.timedelta) -> None:
        self.total_us += value // dt.timedelta(microseconds=1)
        self.count += 1

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
class AgentTally:
    sessions: int = 0
    served: set[str] = field(default_factory=set)
    first_response: Mean = field(default_factory=Mean)
    response: Mean = field(default_factory=Mean)
    own_messages: int = 0
    buyer_messages: int = 0
    converted: int = 0
    sales: Decimal = Decimal("0.00")
    ratings: list[int] = field(default_factory=list)


@dataclass
class SessionMessages:
    id: str
    customer: str
    said: list[tuple[str, str | None, dt.datetime]]  # sender, agent, at

    def humans(self) -> list[tuple[str | None, dt.datetime]]:
        return [(agent, at) for sender, agent, at in self.said if sender == "agent"]


@dataclass
class Tally:
    """Everything counted over one period, shop-wide and per agent."""

    sessions: int = 0
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
    first_buyer_at: dict[str, dt.datetime] = field(default_factory=dict)
    human_times: dict[str, list[tuple[dt.datetime, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    session_agents: dict[str, set[str]] = field(default_factory=dict)

    def add_session(self, session: SessionMessages, *, handed_off: bool) -> None:
        said, humans = session.said, session.humans()
        buyers = [at for sender, _agent, at in said if sender == "buyer"]
        agents = {agent for agent, _at in humans if agent}
        self.session_agents[session.id] = agents
        if buyers:
            self.inquirers.add(session.customer)
            earliest = self.first_buyer_at.get(session.customer)
            self.first_buyer_at[session.customer] = (
                min(buyers[0], earliest) if earliest else buyers[0]
            )
        for agent, at in humans:
            if agent:
                self.human_times[session.customer].append((at, agent))
        if any(sender == "bot" for sender, _a, _t in said):
            self.bot_sessions += 1
            if not humans and not handed_off:
                self.bot_resolved += 1
        if humans or handed_off:
            self.handed += 1
        if not humans:
            return
        self.with_human += 1
        self.served.add(session.customer)
        self.human_messages += len(humans)
        self.buyer_messages_served += len(buyers)
        for agent in agents:
            tally = self.agents[agent]
            tally.sessions += 1
            tally.served.add(session.customer)
            tally.own_messages += sum(1 for who, _at in humans if who == agent)
            tally.buyer_messages += len(buyers)
        if buyers:
            first_agent, first_at = humans[0]
            waited = first_at - buyers[0]
            self.first_response.add(waited)
            if first_agent:
                self.agents[first_agent].first_response.add(waited)
        self._bursts(said)

    def _bursts(self, said: list[tuple[str, str | None, dt.datetime]]) -> None:
        """A burst: consecutive buyer messages; answered by the first human message after it."""
        index = 0
        while index < len(said):
            if said[index][0] != "buyer":
                index += 1
                continue
            burst_start = said[index][2]
            while index < len(said) and said[index][0] == "buyer":
                index += 1
            reply = next(
                ((agent, at) for sender, agent, at in said[index:] if sender == "agent"), None
            )
            if reply is not None:
                waited = reply[1] - burst_start
                self.response.add(waited)
                if reply[0]:
                    self.agents[reply[0]].response.add(waited)

    def add_payments(self, payments: list[tuple[str, dt.datetime, Decimal]]) -> tuple[int, Decimal]:
        """Conversions and sales within 72 h of each inquirer's first buyer message."""
        by_customer: dict[str, list[tuple[dt.datetime, Decimal]]] = defaultdict(list)
        for customer, paid_at, amount in payments:
            if customer in self.first_buyer_at:
                by_customer[customer].append((paid_at, amount))
        converted, sales = 0, Decimal("0.00")
        for customer, start in self.first_buyer_at.items():
            end = start + CONVERSION_WINDOW
            window = [
                (at, amount) for at, amount in by_customer.get(customer, []) if start <= at <= end
            ]
            if not window:
                continue
            converted += 1
            before = [
                (at, agent)
                for at, agent in self.human_times.get(customer, [])
                if at <= window[0][0]
            ]
            if before:  # sales count as agent sales only when an agent is credited
                credited = max(before)[1]
                total = sum((amount for _at, amount in window), Decimal("0.00"))
                self.agents[credited].converted += 1
                self.agents[credited].sales += total
                sales += total
        return converted, sales

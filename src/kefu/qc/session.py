"""Session rules S01–S06: a whole conversation, read from its append-only rows.

Every finding is charged to one agent (or to none). A text finding goes to the author of the
message. A session finding goes to whoever was responsible at the moment its rule names:
S01–S03 the agent holding the session when the reply fell due (a buyer waiting in the queue
is nobody's fault), S04 the holder at the close, S05 the holder when the order was paid (or
the first agent to take the session after that), S06 the agent who handed the buyer on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from kefu.qc.rules import Finding, Rule, RuleSet
from kefu.qc.text import check_message


@dataclass(frozen=True)
class Said:
    id: str
    at: dt.datetime
    sender: str  # buyer, agent, bot, system
    text: str
    agent_id: str | None = None  # the author, when ``sender`` is agent


@dataclass(frozen=True)
class Handover:
    """A transfer: from one agent (or the queue) to another."""

    at: dt.datetime
    from_agent_id: str | None
    to_agent_id: str
    reason: str | None = None


@dataclass(frozen=True)
class PaidOrder:
    paid_at: dt.datetime
    address: str | None = None


@dataclass(frozen=True)
class SessionFacts:
    """What the inspector needs to know about one session.

    ``custody`` is who held the session from when, as live chat records it: an agent when it
    was assigned, ``None`` when it went back to the bot, the queue or the offline list.
    Imported history has no such record; there the agents' own messages and transfers tell,
    and the first agent seen is taken to have held the session from its start.
    """

    messages: list[Said]
    closed: bool
    transfers: list[Handover] = field(default_factory=list)
    paid_orders: list[PaidOrder] = field(default_factory=list)
    in_working_hours: Callable[[dt.datetime], bool] = lambda _at: True
    custody: list[tuple[dt.datetime, str | None]] = field(default_factory=list)
    closed_at: dt.datetime | None = None

    def _holders(self) -> list[tuple[dt.datetime | None, str | None]]:
        """Who held the session from when, in order; ``None`` as a time is the start."""
        given = [(t.at, t.to_agent_id) for t in self.transfers]
        if self.custody:
            return sorted([*self.custody, *given], key=_time)
        wrote = [(m.at, m.agent_id) for m in self.messages if m.sender == "agent" and m.agent_id]
        seen = [*wrote, *((t.at, t.from_agent_id) for t in self.transfers if t.from_agent_id)]
        start: list[tuple[dt.datetime | None, str | None]] = (
            [(None, min(seen, key=_time)[1])] if seen else []
        )
        return start + sorted([*wrote, *given], key=_time)

    def holder_at(self, at: dt.datetime, *, or_next: bool = False) -> str | None:
        """The agent holding the session at ``at``; with ``or_next``, when nobody held it
        then, the first agent who took it afterwards."""
        holders = self._holders()
        before = [agent for since, agent in holders if since is None or since <= at]
        if before and before[-1] is not None:
            return before[-1]
        after = [agent for since, agent in holders if since is not None and since > at]
        return next((agent for agent in after if agent is not None), None) if or_next else None

    def holder_at_close(self) -> str | None:
        end = self.closed_at or (self.messages[-1].at if self.messages else None)
        return None if end is None else self.holder_at(end)


def _time(event: tuple[dt.datetime, str | None]) -> dt.datetime:
    return event[0]


def _replies(messages: list[Said]) -> list[Said]:
    return [m for m in messages if m.sender in ("agent", "bot")]


def _first_reply_after(messages: list[Said], at: dt.datetime) -> Said | None:
    return next((m for m in _replies(messages) if m.at >= at), None)


def _seconds(later: dt.datetime, earlier: dt.datetime) -> float:
    return (later - earlier).total_seconds()


def s01_first_response(rule: Rule, facts: SessionFacts) -> list[Finding]:
    first = next((m for m in facts.messages if m.sender == "buyer"), None)
    if first is None or not facts.in_working_hours(first.at):
        return []
    reply = _first_reply_after(facts.messages, first.at)
    waited = _seconds(reply.at, first.at) if reply else None
    if waited is not None and waited <= (rule.limit or 5):
        return []
    detail = f"首次响应用时 {waited:.0f} 秒" if waited is not None else "没有任何回复"
    due = first.at + dt.timedelta(seconds=rule.limit or 5)
    return [
        Finding(
            rule.id, f"{detail}：{first.text[:20]}", rule.severity, first.id, facts.holder_at(due)
        )
    ]


def s02_reply_time(rule: Rule, facts: SessionFacts) -> list[Finding]:
    findings = []
    limit = rule.limit or 60
    for said in (m for m in facts.messages if m.sender == "buyer"):
        reply = _first_reply_after(facts.messages, said.at)
        if reply is None or _seconds(reply.at, said.at) <= limit:
            continue  # unanswered is S04's business
        if any(word in reply.text for word in rule.words) and reply.sender == "agent":
            continue  # the reply that came was "please wait": the buyer was told
        findings.append(
            Finding(
                rule.id,
                f"{_seconds(reply.at, said.at):.0f} 秒后才回复：{said.text[:20]}",
                rule.severity,
                said.id,
                facts.holder_at(said.at + dt.timedelta(seconds=limit)),
            )
        )
    return findings


def s03_wait_notice(rule: Rule, facts: SessionFacts) -> list[Finding]:
    findings = []
    limit = rule.limit or 60
    messages = facts.messages
    for index, said in enumerate(messages):
        if said.sender != "buyer":
            continue
        later = [m for m in messages[index + 1 :] if m.sender != "buyer"]
        reply = next((m for m in later if m.sender in ("agent", "bot")), None)
        end = reply.at if reply else None
        if end is None or _seconds(end, said.at) <= limit:
            continue
        told = any(
            any(word in m.text for word in rule.words)
            for m in later
            if m.sender == "agent" and m.at <= end
        )
        if not told:
            findings.append(
                Finding(
                    rule.id,
                    f"等待 {_seconds(end, said.at):.0f} 秒且未告知：{said.text[:20]}",
                    rule.severity,
                    said.id,
                    facts.holder_at(said.at + dt.timedelta(seconds=limit)),
                )
            )
    return findings


def s04_unanswered(rule: Rule, facts: SessionFacts) -> list[Finding]:
    talk = [m for m in facts.messages if m.sender != "system"]
    if not facts.closed or not talk or talk[-1].sender != "buyer":
        return []
    return [
        Finding(
            rule.id,
            f"会话结束时买家消息未回复：{talk[-1].text[:20]}",
            rule.severity,
            talk[-1].id,
            facts.holder_at_close(),
        )
    ]


def s05_address_check(rule: Rule, facts: SessionFacts) -> list[Finding]:
    agent_text = [m.text for m in facts.messages if m.sender == "agent"]
    for order in facts.paid_orders:
        address = order.address
        confirmed = any(any(word in text for word in rule.words) for text in agent_text) or (
            address and any(address[-6:] in text for text in agent_text)
        )
        if not confirmed:
            responsible = facts.holder_at(order.paid_at, or_next=True)
            return [
                Finding(rule.id, "买家付款后没有核对收货地址", rule.severity, None, responsible)
            ]
    return []


def s06_unauthorised_transfer(rule: Rule, facts: SessionFacts) -> list[Finding]:
    return [
        Finding(rule.id, "转接未填写原因", rule.severity, None, transfer.from_agent_id)
        for transfer in facts.transfers
        if not (transfer.reason or "").strip()
    ]


SESSION_RULES: dict[str, Callable[[Rule, SessionFacts], list[Finding]]] = {
    "S01_first_response": s01_first_response,
    "S02_reply_time": s02_reply_time,
    "S03_wait_notice": s03_wait_notice,
    "S04_unanswered": s04_unanswered,
    "S05_address_check": s05_address_check,
    "S06_unauthorised_transfer": s06_unauthorised_transfer,
}


def inspect(facts: SessionFacts, rules: RuleSet | None = None) -> list[Finding]:
    """Every finding of a session: text rules on each agent message, then session rules."""
    rules = rules or RuleSet()
    findings = []
    for said in facts.messages:
        if said.sender == "agent":
            findings.extend(
                check_message(said.text, rules, message_id=said.id, agent_id=said.agent_id)
            )
    for rule_id, check in SESSION_RULES.items():
        rule = rules.get(rule_id)
        if rule is not None:
            findings.extend(check(rule, facts))
    return findings

"""Session rules S01–S06: a whole conversation, read from its append-only rows."""

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


@dataclass(frozen=True)
class SessionFacts:
    """What the inspector needs to know about one session."""

    messages: list[Said]
    closed: bool
    transfer_reasons: list[str | None] = field(default_factory=list)
    paid_order_addresses: list[str | None] = field(default_factory=list)
    in_working_hours: Callable[[dt.datetime], bool] = lambda _at: True


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
    return [Finding(rule.id, f"{detail}：{first.text[:20]}", rule.severity, first.id)]


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
                )
            )
    return findings


def s04_unanswered(rule: Rule, facts: SessionFacts) -> list[Finding]:
    talk = [m for m in facts.messages if m.sender != "system"]
    if not facts.closed or not talk or talk[-1].sender != "buyer":
        return []
    return [
        Finding(
            rule.id, f"会话结束时买家消息未回复：{talk[-1].text[:20]}", rule.severity, talk[-1].id
        )
    ]


def s05_address_check(rule: Rule, facts: SessionFacts) -> list[Finding]:
    if not facts.paid_order_addresses:
        return []
    agent_text = [m.text for m in facts.messages if m.sender == "agent"]
    for address in facts.paid_order_addresses:
        confirmed = any(any(word in text for word in rule.words) for text in agent_text) or (
            address and any(address[-6:] in text for text in agent_text)
        )
        if not confirmed:
            return [Finding(rule.id, "买家付款后没有核对收货地址", rule.severity)]
    return []


def s06_unauthorised_transfer(rule: Rule, facts: SessionFacts) -> list[Finding]:
    return [
        Finding(rule.id, "转接未填写原因", rule.severity)
        for reason in facts.transfer_reasons
        if not (reason or "").strip()
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
            findings.extend(check_message(said.text, rules, message_id=said.id))
    for rule_id, check in SESSION_RULES.items():
        rule = rules.get(rule_id)
        if rule is not None:
            findings.extend(check(rule, facts))
    return findings

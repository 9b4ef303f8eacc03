"""Text rules T01–T11: one agent message at a time."""

from __future__ import annotations

import re
from collections.abc import Callable

from kefu.qc import words
from kefu.qc.rules import APOLOGIES, Finding, Rule, RuleSet

CONTEXT = 8
PHONE = re.compile(r"(?<![\d*])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![\d*])")
LANDLINE = re.compile(r"(?<![\d*])0\d{2,3}-\d{7,8}(?![\d*])")
WECHAT = re.compile(
    r"(?:微信号?|威信|weixin|wechat|vx|v信|wx)\s*[:：]?\s*([A-Za-z][-_A-Za-z0-9]{5,19})", re.I
)
QQ = re.compile(r"(?:qq|扣扣|企鹅)\s*[号:：]?\s*(\d{5,11})", re.I)
BANK = re.compile(r"(?:银行|卡号|账号|帐号|转账|汇款|打款)[^0-9]{0,12}(\d[\d ]{14,22}\d)")
REPEATED_QUESTION = re.compile(r"[?？]{2,}")
SENTENCE = re.compile(r"[^。.！!？?；;\n]+")
PAUSE = "，,、…~～：: \t　"


def _excerpt(text: str, start: int, end: int) -> str:
    left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def _first(rule: Rule, text: str, pattern: re.Pattern[str]) -> Finding | None:
    match = pattern.search(text)
    return None if match is None else Finding(rule.id, _excerpt(text, *match.span()), rule.severity)


def _first_word(rule: Rule, text: str) -> Finding | None:
    """The rule's first word in the text, as a word and not inside one of its exceptions."""
    span = words.first(text, rule.words, rule.exceptions)
    return None if span is None else Finding(rule.id, _excerpt(text, *span), rule.severity)


def t01_ni_not_nin(rule: Rule, text: str) -> Finding | None:
    return _first_word(rule, text)


def t02_qin_overuse(rule: Rule, text: str) -> Finding | None:
    found = words.occurrences(text, rule.words, rule.exceptions)
    if len(found) < (rule.limit or 2):
        return None
    word = text[slice(*found[0])]
    return Finding(
        rule.id,
        f"“{word}”出现 {len(found)} 次：{_excerpt(text, found[0][0], found[-1][1])}",
        rule.severity,
    )


def t03_blunt_refusal(rule: Rule, text: str) -> Finding | None:
    if any(word in text for word in APOLOGIES):
        return None
    return _first_word(rule, text)


def t04_rhetorical_question(rule: Rule, text: str) -> Finding | None:
    return _first(rule, text, re.compile("|".join(rule.words)))


def _interjection(words: tuple[str, ...]) -> re.Pattern[str]:
    """A sentence that is only interjections (嗯, 嗯嗯), or opens with them and a pause (额，…)."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s*(?:{alternatives})+(?=[{re.escape(PAUSE)}]|$)")


def t05_negative_interjection(rule: Rule, text: str) -> Finding | None:
    """qc-rules.md: a fault when a message or one of its sentences is only an interjection,
    or opens with one followed by a pause. The same word closing a clause is the friendly
    particle the standard itself uses (…预计明天送达的哦~), and 好的 is no interjection."""
    if not rule.words:
        return None
    pattern = _interjection(rule.words)
    for sentence in SENTENCE.finditer(text):
        match = pattern.match(sentence.group())
        if match:
            start = sentence.start() + len(match.group()) - len(match.group().lstrip())
            end = sentence.start() + match.end()
            return Finding(rule.id, _excerpt(text, start, end), rule.severity)
    return None


def t06_harsh_punctuation(rule: Rule, text: str) -> Finding | None:
    return _first_word(rule, text) or _first(rule, text, REPEATED_QUESTION)


def t07_vague_answer(rule: Rule, text: str) -> Finding | None:
    return _first_word(rule, text)


def t08_rude_language(rule: Rule, text: str) -> Finding | None:
    return _first_word(rule, text)


def t09_overpromise(rule: Rule, text: str) -> Finding | None:
    return _first_word(rule, text)


def t10_bare_thanks(rule: Rule, text: str) -> Finding | None:
    followers = "|".join(re.escape(word) for word in rule.words)
    return _first(rule, text, re.compile(rf"谢谢(?!{followers}|你)"))


def t11_leak_contact(rule: Rule, text: str) -> Finding | None:
    for pattern in (PHONE, LANDLINE, WECHAT, QQ, BANK):
        found = _first(rule, text, pattern)
        if found:
            return found
    return None


TEXT_RULES: dict[str, Callable[[Rule, str], Finding | None]] = {
    "T01_ni_not_nin": t01_ni_not_nin,
    "T02_qin_overuse": t02_qin_overuse,
    "T03_blunt_refusal": t03_blunt_refusal,
    "T04_rhetorical_question": t04_rhetorical_question,
    "T05_negative_interjection": t05_negative_interjection,
    "T06_harsh_punctuation": t06_harsh_punctuation,
    "T07_vague_answer": t07_vague_answer,
    "T08_rude_language": t08_rude_language,
    "T09_overpromise": t09_overpromise,
    "T10_bare_thanks": t10_bare_thanks,
    "T11_leak_contact": t11_leak_contact,
}


def check_message(
    text: str,
    rules: RuleSet | None = None,
    *,
    message_id: str | None = None,
    agent_id: str | None = None,
) -> list[Finding]:
    """Every text rule the message breaks, in rule order, charged to its author."""
    rules = rules or RuleSet()
    findings = []
    for rule_id, check in TEXT_RULES.items():
        rule = rules.get(rule_id)
        if rule is None:
            continue
        finding = check(rule, text)
        if finding is not None:
            findings.append(
                Finding(finding.rule, finding.excerpt, finding.severity, message_id, agent_id)
            )
    return findings

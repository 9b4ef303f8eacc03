"""Text rules T01–T11: one agent message at a time."""

from __future__ import annotations

import re
from collections.abc import Callable

from kefu.qc.rules import APOLOGIES, Finding, Rule, RuleSet, compile_words

CONTEXT = 8
EDGE_PUNCTUATION = " \t\r\n，,。.！!？?~～、：:；;…"
PHONE = re.compile(r"(?<![\d*])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![\d*])")
LANDLINE = re.compile(r"(?<![\d*])0\d{2,3}-\d{7,8}(?![\d*])")
WECHAT = re.compile(
    r"(?:微信号?|威信|weixin|wechat|vx|v信|wx)\s*[:：]?\s*([A-Za-z][-_A-Za-z0-9]{5,19})", re.I
)
QQ = re.compile(r"(?:qq|扣扣|企鹅)\s*[号:：]?\s*(\d{5,11})", re.I)
BANK = re.compile(r"(?:银行|卡号|账号|帐号|转账|汇款|打款)[^0-9]{0,12}(\d[\d ]{14,22}\d)")
REPEATED_QUESTION = re.compile(r"[?？]{2,}")


def _excerpt(text: str, start: int, end: int) -> str:
    left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def _first(rule: Rule, text: str, pattern: re.Pattern[str]) -> Finding | None:
    match = pattern.search(text)
    return None if match is None else Finding(rule.id, _excerpt(text, *match.span()), rule.severity)


def t01_ni_not_nin(rule: Rule, text: str) -> Finding | None:
    return _first(rule, text, re.compile("你"))


def t02_qin_overuse(rule: Rule, text: str) -> Finding | None:
    count = text.count("亲")
    if count < (rule.limit or 2):
        return None
    return Finding(
        rule.id,
        f"“亲”出现 {count} 次：{_excerpt(text, text.index('亲'), text.rindex('亲') + 1)}",
        rule.severity,
    )


def t03_blunt_refusal(rule: Rule, text: str) -> Finding | None:
    if any(word in text for word in APOLOGIES):
        return None
    return _first(rule, text, compile_words(rule.words))


def t04_rhetorical_question(rule: Rule, text: str) -> Finding | None:
    return _first(rule, text, re.compile("|".join(rule.words)))


def t05_negative_interjection(rule: Rule, text: str) -> Finding | None:
    core = text.strip(EDGE_PUNCTUATION)
    for word in sorted(rule.words, key=len, reverse=True):
        if core == word or core.startswith(word) or core.endswith(word):
            return Finding(
                rule.id,
                _excerpt(text, 0, min(len(text), 12))
                if core.startswith(word)
                else _excerpt(text, max(0, len(text) - 12), len(text)),
                rule.severity,
            )
    return None


def t06_harsh_punctuation(rule: Rule, text: str) -> Finding | None:
    return _first(rule, text, compile_words(rule.words)) or _first(rule, text, REPEATED_QUESTION)


def t07_vague_answer(rule: Rule, text: str) -> Finding | None:
    return _first(rule, text, compile_words(rule.words))


def t08_rude_language(rule: Rule, text: str) -> Finding | None:
    return _first(rule, text, re.compile("|".join(re.escape(w) for w in rule.words), re.I))


def t09_overpromise(rule: Rule, text: str) -> Finding | None:
    return _first(rule, text, compile_words(rule.words))


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
    text: str, rules: RuleSet | None = None, *, message_id: str | None = None
) -> list[Finding]:
    """Every text rule the message breaks, in rule order."""
    rules = rules or RuleSet()
    findings = []
    for rule_id, check in TEXT_RULES.items():
        rule = rules.get(rule_id)
        if rule is None:
            continue
        finding = check(rule, text)
        if finding is not None:
            findings.append(Finding(finding.rule, finding.excerpt, finding.severity, message_id))
    return findings

"""The segment rules in Chinese: the rule builder's fields and operators (what
``segments.OPS`` allows, with labels and the kind of value each takes) and one sentence
that says what a saved segment selects, so nobody reads rules as JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kefu.crm import repository, rfm, segments
from kefu.crm.schemas import SegmentChoice, SegmentField, SegmentFields, SegmentOp

COMPARE = {">=": "不少于", "<=": "不超过", ">": "多于", "<": "少于"}
MATCH = {"all": "满足全部条件", "any": "满足任一条件"}
JOINER = {"all": "，且", "any": "，或"}
NO_VALUE = {"none", "is"}


@dataclass(frozen=True)
class FieldText:
    label: str
    value_kind: str  # text, regions, classes, money, count, date, none
    ops: dict[str, str]
    unit: str | None = None


FIELDS: dict[str, FieldText] = {
    "tag": FieldText("标签", "text", {"has": "包含", "not_has": "不包含"}),
    "region": FieldText("收货地区（省或市）", "regions", {"in": "属于"}),
    "spend": FieldText("消费金额", "money", COMPARE, "元"),
    "orders": FieldText("下单数", "count", COMPARE, "单"),
    "last_order": FieldText(
        "最近下单", "date", {"before": "早于", "after": "不早于", "none": "从未下单"}
    ),
    "last_contact": FieldText(
        "最近联系", "date", {"before": "早于", "after": "不早于", "none": "从未联系"}
    ),
    "rfm": FieldText("RFM 分层", "classes", {"in": "属于"}),
    "birthday_this_month": FieldText("本月生日", "none", {"is": "是"}),
}


def fields(db: Session) -> SegmentFields:
    """The rule builder's dropdowns, with the shop's own tags and regions as suggestions."""
    choices = {
        "tag": repository.known_tags(db),
        "region": repository.known_regions(db),
        "rfm": list(rfm.CLASSES.values()),
    }
    return SegmentFields(
        fields=[
            SegmentField(
                field=name,
                label=text.label,
                value_kind=text.value_kind,
                ops=[
                    SegmentOp(op=op, label=label, needs_value=op not in NO_VALUE)
                    for op, label in text.ops.items()
                ],
                choices=choices.get(name, []),
                period=name in ("spend", "orders"),
                unit=text.unit,
            )
            for name, text in FIELDS.items()
        ],
        match=[SegmentChoice(value=value, label=label) for value, label in MATCH.items()],
    )


def describe(rules: dict[str, Any]) -> str:
    """``标签 包含「VIP」，且 消费金额 不少于 500 元（2026-01-01 起）``."""
    checked = segments.Rules.model_validate(rules)
    return JOINER[checked.match].join(_rule_text(rule) for rule in checked.rules)


def _rule_text(rule: segments.Rule) -> str:
    text = FIELDS[rule.field]
    op = text.ops[rule.op]
    if rule.op == "none":
        return op
    if rule.op == "is":
        return text.label
    value = rule.value
    if text.value_kind == "text":
        return f"{text.label} {op}「{value}」"
    if isinstance(value, list):
        shown = "、".join(str(v) for v in value)
    else:
        shown = f"{value} {text.unit}" if text.unit else str(value)
    return f"{text.label} {op} {shown}{_period(rule)}"


def _period(rule: segments.Rule) -> str:
    parts = []
    if rule.period_from:
        parts.append(f"{rule.period_from.isoformat()} 起")
    if rule.period_to:
        parts.append(f"{rule.period_to.isoformat()} 前")
    return f"（付款于 {'，'.join(parts)}）" if parts else ""

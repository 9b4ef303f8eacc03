"""Segments (客户分群): saved rules over profile and order facts.

Rules are checked when saved (a bad field or value is a 422 with the rule's
number) and evaluated over every profile that was not merged into another, in
the shop's time zone: tags, region, spend and order count in a period, last
order or contact before/after a date, RFM class, birthday this month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.crm import repository, rfm
from kefu.kit import clock
from kefu.kit.dates import Day, check_day
from kefu.kit.errors import BadInput, found
from kefu.kit.ids import new_id
from kefu.kit.paging import PageParams
from kefu.models import Agent, Segment

Fields = Literal[
    "tag", "region", "spend", "orders", "last_order", "last_contact", "rfm", "birthday_this_month"
]
OPS: dict[str, set[str]] = {
    "tag": {"has", "not_has"},
    "region": {"in"},
    "spend": {">=", "<=", ">", "<"},
    "orders": {">=", "<=", ">", "<"},
    "last_order": {"before", "after", "none"},
    "last_contact": {"before", "after", "none"},
    "rfm": {"in"},
    "birthday_this_month": {"is"},
}


class Rule(BaseModel):
    field: Fields
    op: str
    value: Any = None
    period_from: Day | None = None  # spend and orders: paid in [from, to)
    period_to: Day | None = None


class Rules(BaseModel):
    match: Literal["all", "any"] = "all"
    rules: list[Rule] = Field(min_length=1, max_length=20)


@dataclass
class Facts:
    """What the rules read about one customer."""

    id: str
    tags: set[str]
    birthday: dt.date | None
    regions: set[str] = field(default_factory=set)  # province and city of the latest order
    paid: list[tuple[dt.datetime, Decimal]] = field(default_factory=list)
    last_contact: dt.datetime | None = None
    rfm: str | None = None


def check_rules(data: dict[str, Any]) -> Rules:
    try:
        rules = Rules.model_validate(data)
    except ValidationError as error:
        raise BadInput(f"分群规则有误：{error.errors()[0]['msg']}", code="bad_rules") from None
    for number, rule in enumerate(rules.rules, start=1):
        if rule.op not in OPS[rule.field]:
            allowed = "、".join(sorted(OPS[rule.field]))
            raise BadInput(
                f"第 {number} 条规则：{rule.field} 不支持 {rule.op}（可用：{allowed}）",
                code="bad_rules",
            )
        _check_value(number, rule)
    return rules


def _check_value(number: int, rule: Rule) -> None:
    if not _value_fits(rule):
        raise BadInput(f"第 {number} 条规则：值 {rule.value!r} 不合适", code="bad_rules")


def _value_fits(rule: Rule) -> bool:
    value = rule.value
    try:
        if rule.field in ("spend", "orders"):
            Decimal(str(value))
        elif rule.field in ("last_order", "last_contact") and rule.op != "none":
            check_day(dt.date.fromisoformat(str(value)))
    except (ValueError, InvalidOperation):
        return False
    if rule.field in ("region", "rfm"):
        if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            return False
        return rule.field == "region" or not set(value) - set(rfm.CLASSES.values())
    return rule.field != "tag" or (isinstance(value, str) and bool(value))


def facts(db: Session, *, now: dt.datetime) -> list[Facts]:
    rows = {
        c.id: Facts(c.id, set(c.tags or []), c.birthday) for c in repository.active_customers(db)
    }
    for customer_id, province, city in repository.latest_regions(db):
        if customer_id in rows:
            rows[customer_id].regions = {r for r in (province, city) if r}
    for customer_id, paid_at, amount in repository.paid_orders(db):
        if customer_id in rows:
            rows[customer_id].paid.append((paid_at, amount))
    for customer_id, at in repository.last_contacts(db):
        if customer_id in rows:
            known = rows[customer_id].last_contact
            rows[customer_id].last_contact = at if known is None else max(known, at)
    classes = rfm.classify({c.id: c.paid for c in rows.values()}, now=now)
    for customer_id, value in classes.items():
        rows[customer_id].rfm = value.label
    return list(rows.values())


def members(db: Session, *, rules: Rules, now: dt.datetime | None = None) -> list[str]:
    """The ids of every customer the rules select, sorted."""
    now = now or clock.now()
    return _selected(rules, facts(db, now=now), now=now)


def member_counts(
    db: Session, *, segments: list[Segment], now: dt.datetime | None = None
) -> dict[str, int]:
    """How many customers each segment selects, reading the facts once for all of them
    (a list page counts 20 segments with one pass over the customers)."""
    now = now or clock.now()
    every = facts(db, now=now) if segments else []
    return {
        segment.id: len(_selected(Rules.model_validate(segment.rules), every, now=now))
        for segment in segments
    }


def _selected(rules: Rules, every: list[Facts], *, now: dt.datetime) -> list[str]:
    zone = ZoneInfo(get_settings().shop_timezone)
    test = any if rules.match == "any" else all
    return sorted(
        f.id for f in every if test(_matches(rule, f, now=now, zone=zone) for rule in rules.rules)
    )


def _matches(rule: Rule, f: Facts, *, now: dt.datetime, zone: ZoneInfo) -> bool:
    def at(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(0), tzinfo=zone)

    if rule.field == "tag":
        return (rule.value in f.tags) == (rule.op == "has")
    if rule.field == "region":
        return any(any(v in region for region in f.regions) for v in rule.value)
    if rule.field == "rfm":
        return f.rfm in rule.value
    if rule.field == "birthday_this_month":
        return f.birthday is not None and f.birthday.month == clock.in_zone(now, str(zone)).month
    if rule.field in ("spend", "orders"):
        start = at(rule.period_from) if rule.period_from else None
        end = at(rule.period_to) if rule.period_to else None
        bought = [
            amount
            for paid_at, amount in f.paid
            if (start is None or paid_at >= start) and (end is None or paid_at < end)
        ]
        figure = sum(bought, Decimal("0")) if rule.field == "spend" else Decimal(len(bought))
        return _compare(figure, rule.op, Decimal(str(rule.value)))
    last = (
        max((p for p, _a in f.paid), default=None) if rule.field == "last_order" else f.last_contact
    )
    if rule.op == "none":
        return last is None
    bound = at(dt.date.fromisoformat(str(rule.value)))
    return last is not None and (last < bound if rule.op == "before" else last >= bound)


def _compare(left: Decimal, op: str, right: Decimal) -> bool:
    return {">=": left >= right, "<=": left <= right, ">": left > right, "<": left < right}[op]


def do_save(
    db: Session, *, name: str, rules: dict[str, Any], author: Agent, segment: Segment | None = None
) -> Segment:
    checked = check_rules(rules)
    name = name.strip()
    if not name:
        raise BadInput("分群需要名称", code="bad_segment")
    clash = repository.segment_by_name(db, name)
    if clash is not None and clash is not segment:
        raise BadInput(f"已有名为 {name} 的分群", code="segment_name_taken")
    if segment is None:
        segment = Segment(
            id=new_id("seg"), name=name, created_by=author.id, rules={}, updated_at=clock.now()
        )
        repository.add(db, segment)
    segment.name, segment.rules, segment.updated_at = (
        name,
        checked.model_dump(mode="json"),
        clock.now(),
    )
    return segment


def get_segment(db: Session, segment_id: str) -> Segment:
    return found(repository.segment(db, segment_id), "没有这个分群", code="segment_not_found")


def segments(db: Session) -> list[Segment]:
    return repository.segments(db)


def segment_page(
    db: Session, *, params: PageParams, text: str | None = None
) -> tuple[list[Segment], int]:
    """One page of the segments list, by name; ``text`` searches the name."""
    return repository.segment_page(db, text=text, params=params)


def members_of(db: Session, *, segment: Segment, now: dt.datetime | None = None) -> list[str]:
    return members(db, rules=Rules.model_validate(segment.rules), now=now)

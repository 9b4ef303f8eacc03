"""The value types of shop settings, checked by Pydantic, with reasons in Chinese.

A value is stored in its checked form (times zero-padded, money with two decimals),
so readers never meet ``greeting: 123`` or ``refund_review_limit: "abc"``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
)
from pydantic_core import ErrorDetails

from kefu.kit.money import format_yuan, parse_yuan
from kefu.qc.rules import DEFAULT_RULES

TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
DAY = dt.timedelta(days=1)


def clock_time(text: str, *, end: bool = False) -> tuple[int, int]:
    """``9:05`` → (9, 5); ``24:00`` only where it ends the whole day."""
    match = TIME.match(text.strip())
    hour, minute = (int(part) for part in match.groups()) if match else (-1, -1)
    if (hour, minute) == (24, 0) and end:
        return hour, minute
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"时间应为 00:00 到 23:59 之间的 HH:MM，而不是 {text!r}")
    return hour, minute


def parse_span(text: str, *, full_day_ok: bool = True) -> tuple[dt.time, dt.timedelta]:
    """``09:00-23:00`` → (09:00, 14 h). An end earlier than the start runs past
    midnight (``20:00-02:00``); ``00:00-24:00`` is the whole day, and ``24:00`` may
    end other spans too (``09:00-24:00``, stored as ``09:00-00:00``)."""
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f"时段应为 HH:MM-HH:MM（如 09:00-23:00），而不是 {text!r}")
    start, end = clock_time(parts[0]), clock_time(parts[1], end=full_day_ok)
    minutes = (end[0] - start[0]) * 60 + end[1] - start[1]
    if minutes == 0:
        whole_day = "；全天营业请填 00:00-24:00" if full_day_ok else ""
        raise ValueError(f"开始和结束不能相同{whole_day}")
    return dt.time(*start), dt.timedelta(minutes=minutes % (24 * 60) or 24 * 60)


def _span_text(text: str, *, full_day_ok: bool) -> str:
    start, length = parse_span(text, full_day_ok=full_day_ok)
    if length == DAY:
        return "00:00-24:00"
    end = dt.datetime.combine(dt.date(2000, 1, 1), start) + length
    return f"{start:%H:%M}-{end:%H:%M}"


def _time_text(text: str) -> str:
    hour, minute = clock_time(text)
    return f"{hour:02d}:{minute:02d}"


def _day(text: str) -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ValueError(f"日期应为 YYYY-MM-DD，而不是 {text!r}") from None


def _money(value: Any) -> str:
    """Yuan as a string with two decimals; a number is accepted as typed."""
    try:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError
        amount = parse_yuan(str(value))
    except ValueError:
        raise ValueError(f"金额应为最多两位小数的数字（元），而不是 {value!r}") from None
    if amount < 0:
        raise ValueError("金额不能为负数")
    return format_yuan(amount)


def placeholders(*allowed: str) -> Callable[[str], str]:
    """A check that a text uses no ``{变量}`` but these (a buyer must never see one raw)."""

    def check(text: str) -> str:
        unknown = sorted(set(PLACEHOLDER.findall(text)) - set(allowed))
        if unknown:
            names = "、".join(f"{{{name}}}" for name in allowed) or "无"
            raise ValueError(f"不认识的变量 {{{unknown[0]}}}（可用：{names}）")
        return text

    return check


def day_range(text: str) -> str:
    """``2-4`` or ``3``: days, as the bot says them."""
    if not re.fullmatch(r"\d{1,2}(-\d{1,2})?", text):
        raise ValueError(f"应为天数或天数范围，如 2-4，而不是 {text!r}")
    return text


def text(max_length: int, *checks: Callable[[str], str]) -> Any:
    stripped = StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)
    return Annotated[StrictStr, stripped, *(AfterValidator(check) for check in checks)]


def optional_text(max_length: int, *checks: Callable[[str], str]) -> Any:
    """A text that may be empty (the feature is then off)."""
    stripped = StringConstraints(strip_whitespace=True, max_length=max_length)
    return Annotated[StrictStr, stripped, *(AfterValidator(check) for check in checks)]


def _unique(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


Word = text(32)
Words = Annotated[list[Word], Field(max_length=500), AfterValidator(_unique)]
Time = Annotated[StrictStr, AfterValidator(_time_text)]
Day = Annotated[StrictStr, AfterValidator(_day)]
WorkingHours = Annotated[StrictStr, AfterValidator(lambda t: _span_text(t, full_day_ok=True))]
QuietHours = Annotated[StrictStr, AfterValidator(lambda t: _span_text(t, full_day_ok=False))]
Money = Annotated[Any, AfterValidator(_money)]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(text: str) -> str:
    if not EMAIL.match(text.strip()):
        raise ValueError(f"邮箱格式不对：{text!r}")
    return text.strip()


Email = Annotated[StrictStr, AfterValidator(_email)]


def number(low: float, high: float) -> Any:
    return Annotated[StrictFloat, Field(ge=low, le=high)]


def whole(low: int, high: int) -> Any:
    return Annotated[StrictInt, Field(ge=low, le=high)]


class Holiday(BaseModel):
    """A date the shop is closed (``hours`` null) or keeps other hours."""

    model_config = ConfigDict(extra="forbid")

    date: Day
    hours: WorkingHours | None = None
    note: Annotated[StrictStr, StringConstraints(max_length=32)] | None = None


def _one_per_date(days: list[Holiday]) -> list[Holiday]:
    dates = [day.date for day in days]
    repeated = sorted({date for date in dates if dates.count(date) > 1})
    if repeated:
        raise ValueError(f"日期 {repeated[0]} 出现了不止一次")
    return sorted(days, key=lambda day: day.date)


Holidays = Annotated[list[Holiday], Field(max_length=366), AfterValidator(_one_per_date)]
QcWord = text(64)


class QcRuleChange(BaseModel):
    """A shop's change to one rule of qc-rules.md (see kefu.qc.rules)."""

    model_config = ConfigDict(extra="forbid")

    enabled: StrictBool | None = None
    words: Annotated[list[QcWord], Field(max_length=200)] | None = None
    limit: Annotated[StrictFloat, Field(ge=0, le=86400)] | None = None
    severity: Literal["high", "medium", "low"] | None = None


def _known_rules(changes: dict[str, QcRuleChange]) -> dict[str, QcRuleChange]:
    unknown = sorted(set(changes) - set(DEFAULT_RULES))
    if unknown:
        raise ValueError(f"没有质检规则 {unknown[0]}")
    return changes


QcRules = Annotated[dict[str, QcRuleChange], AfterValidator(_known_rules)]


def known_keys(choices: Callable[[], dict[str, str]], what: str) -> Callable[[dict], dict]:
    """A check that a map's keys are among ``choices()`` (looked up when checked)."""

    def check(value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(choices()))
        if unknown:
            raise ValueError(f"没有{what} {unknown[0]}")
        return value

    return check


_STATES = {
    "requested": "待审核",
    "approved": "已同意",
    "buyer_shipped": "买家已寄回",
    "received": "仓库已收货",
}
_KINDS = {"refund_only": "仅退款", "return": "退货退款", "exchange": "换货"}
# A step's hours, for every kind ("approved") or for one ("refund_only:approved").
REFUND_STEPS = _STATES | {
    f"{kind}:{state}": f"{kind_label}·{state_label}"
    for kind, kind_label in _KINDS.items()
    for state, state_label in _STATES.items()
}


def _known_steps(hours: dict[str, int]) -> dict[str, int]:
    unknown = sorted(set(hours) - set(REFUND_STEPS))
    if unknown:
        raise ValueError(f"没有售后步骤 {unknown[0]}（如 requested、refund_only:approved）")
    return hours


StepHours = Annotated[dict[str, whole(1, 2000)], AfterValidator(_known_steps)]


def reason(error: ErrorDetails) -> str:
    """Pydantic's complaint about a value, said in Chinese, with where it is."""
    ctx = error.get("ctx") or {}
    said = {
        "int_type": "应为整数",
        "float_type": "应为数字",
        "bool_type": "应为 true 或 false",
        "string_type": "应为文字",
        "list_type": "应为列表",
        "dict_type": "应为对象（键 → 值）",
        "model_type": "应为对象",
        "missing": "缺少此项",
        "extra_forbidden": "不认识这一项",
        "greater_than_equal": f"不能小于 {ctx.get('ge')}",
        "less_than_equal": f"不能大于 {ctx.get('le')}",
        "string_too_short": "不能为空",
        "string_too_long": f"最多 {ctx.get('max_length')} 个字",
        "too_long": f"最多 {ctx.get('max_length')} 项",
        "literal_error": f"应为以下之一：{ctx.get('expected')}",
        "string_pattern_mismatch": "格式不对",
        "value_error": str(ctx.get("error", "")),
    }.get(error["type"], error["msg"])
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"])
    return f"{where.lstrip('.')}：{said}" if where else said

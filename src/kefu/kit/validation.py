"""Pydantic's validation errors as the interface says them (zh-CN): the HTTP error
handler and the chat WebSocket both answer a bad field with these reasons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kefu.kit.dates import OUT_OF_RANGE

_WHERE = {"body", "query", "path", "header", "cookie"}

_PLAIN = {
    "missing": "必填",
    "string_pattern_mismatch": "格式不正确",
    "string_type": "应为文字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "datetime_parsing": "日期时间格式不正确",
    "datetime_from_date_parsing": "日期时间格式不正确",
    "date_parsing": "日期格式不正确",
    "date_from_datetime_parsing": "日期格式不正确",
    "json_invalid": "不是有效的 JSON",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_attributes_type": "应为对象",
    "extra_forbidden": "不认识这个字段",
}


def field_of(error: Mapping[str, Any]) -> str:
    """``body.text`` → ``text``: where the value was sent is no news to its sender."""
    parts = [str(part) for part in error.get("loc", ())]
    if parts and parts[0] in _WHERE:
        parts = parts[1:]
    return ".".join(parts)


def reason_of(error: Mapping[str, Any]) -> str:
    """What is wrong with the value, without the field's name."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind == "value_error" and str(ctx.get("error")) == OUT_OF_RANGE:
        return OUT_OF_RANGE
    bounds = {
        "string_too_long": ("不能超过 {} 字", "max_length"),
        "string_too_short": ("至少 {} 字", "min_length"),
        "too_long": ("最多 {} 项", "max_length"),
        "too_short": ("至少 {} 项", "min_length"),
        "greater_than_equal": ("不能小于 {}", "ge"),
        "greater_than": ("应大于 {}", "gt"),
        "less_than_equal": ("不能大于 {}", "le"),
        "less_than": ("应小于 {}", "lt"),
        "enum": ("应为 {} 之一", "expected"),
        "literal_error": ("应为 {} 之一", "expected"),
    }
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "不能为空"
    if kind in bounds:
        template, key = bounds[kind]
        return template.format(ctx.get(key, ""))
    return "格式不正确"


def describe(error: Mapping[str, Any]) -> str:
    """``text：不能超过 2000 字``."""
    field = field_of(error)
    reason = reason_of(error)
    return f"{field}：{reason}" if field else reason

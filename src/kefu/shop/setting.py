"""What a shop setting is (the list is kefu.shop.schemas): its type with bounds
(kefu.shop.values), its default, and how the settings page shows it — a Chinese label,
a help line, and a ``kind`` the page picks an input for:

``text``, ``int``, ``float``, ``percent`` (a share 0–1, shown as %), ``bool``,
``time`` (HH:MM), ``hours`` (HH:MM-HH:MM), ``dates`` (holidays: a list of
``{"date", "hours", "note"}``), ``money`` (yuan, a string with two decimals),
``group`` (an agent group id, picked from /api/v1/groups), ``words`` (a list of
short texts), ``map`` (key → list of texts; ``choices`` name the keys when they are
fixed), ``durations`` (step → hours; ``choices`` name the steps), ``qc_rules`` (rule
id → changes; ``choices`` list the rules).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from kefu.shop import values as v

Kind = Literal[
    "text",
    "int",
    "float",
    "percent",
    "bool",
    "time",
    "hours",
    "dates",
    "money",
    "group",
    "words",
    "map",
    "qc_rules",
    "durations",
    "choice",
]
Choices = Callable[[], dict[str, str]]


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    help: str
    kind: Kind
    type: Any
    default: Any
    min: float | None = None
    max: float | None = None
    choices: Choices | None = None  # value → label, looked up when shown or checked
    internal: bool = False  # the system's own record, not on the settings page

    @cached_property
    def adapter(self) -> TypeAdapter[Any]:
        return TypeAdapter(self.type)

    def check(self, value: Any) -> Any:
        """The value as stored (plain JSON), or ``ValueError`` with the reason in Chinese."""
        try:
            checked = self.adapter.validate_python(value)
        except ValidationError as error:
            raise ValueError(v.reason(error.errors()[0])) from None
        return self.adapter.dump_python(checked, mode="json", exclude_none=True)


def whole_setting(key: str, label: str, help: str, default: int, low: int, high: int) -> Setting:
    return Setting(key, label, help, "int", v.whole(low, high), default, low, high)


def share_setting(key: str, label: str, help: str, default: float, kind: Kind = "float") -> Setting:
    return Setting(key, label, help, kind, v.number(0, 1), default, 0, 1)

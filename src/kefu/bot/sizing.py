"""Size advice (尺码推荐) from a product's size chart and the buyer's measurements.

A chart is ``attributes["size_chart"]`` on the product: rows like
``{"size": "L", "height": [170, 180], "weight": [60, 70]}`` (cm, kg) or
``{"size": "40", "foot": [245, 250]}`` (foot length in mm).

Buyers write weights in 斤 or kg, often with no unit: a bare weight of 80 or more
is read as 斤 (half a kilo), below 80 as kg, which is how 175 140 and 170 65 are meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_HEIGHT_CN = re.compile(r"一米([一二三四五六七八九])([一二三四五六七八九])?")
_HEIGHT_M = re.compile(r"1[.米]([5-9])(\d)?\s*(?:米|m\b)?")
_HEIGHT_CM = re.compile(r"(?:身高|高)?\s*(1[0-9]{2}|[5-9][0-9])\s*(?:cm|厘米|公分)")
_HEIGHT_BARE = re.compile(r"(?:身高)?\s*(?<!\d)(1[4-9][0-9])(?!\d)(?!\s*(?:斤|kg|公斤|千克|mm))")
_WEIGHT = re.compile(r"(?:体重)?\s*(\d{2,3}(?:\.\d)?)\s*(斤|kg|公斤|千克)")
_WEIGHT_AFTER_HEIGHT = re.compile(
    r"1[4-9][0-9]\s*(?:cm|厘米)?\s*[/,， ]\s*(\d{2,3})(?![\d.]|\s*(?:cm|厘米|mm))"
)
_FOOT = re.compile(r"(?:脚长|脚掌)\s*(\d{2}(?:\.\d)?)\s*(?:cm|厘米)?|(\d{3})\s*mm")


@dataclass(frozen=True)
class Measurements:
    height_cm: float | None = None
    weight_kg: float | None = None
    foot_mm: float | None = None

    def any(self) -> bool:
        return any(v is not None for v in (self.height_cm, self.weight_kg, self.foot_mm))


def measurements(text: str) -> Measurements:
    return Measurements(_height(text), _weight(text), _foot(text))


def _height(text: str) -> float | None:
    if match := _HEIGHT_CN.search(text):
        return 100 + _CN_DIGITS[match.group(1)] * 10 + _CN_DIGITS.get(match.group(2) or "", 0)
    if match := _HEIGHT_CM.search(text):
        return float(match.group(1))
    if match := _HEIGHT_M.search(text):
        return 100 + int(match.group(1)) * 10 + int(match.group(2) or 0)
    if match := _HEIGHT_BARE.search(text):
        return float(match.group(1))
    return None


def _weight(text: str) -> float | None:
    if match := _WEIGHT.search(text):
        value, unit = float(match.group(1)), match.group(2)
        return value / 2 if unit == "斤" else value
    if match := _WEIGHT_AFTER_HEIGHT.search(text):
        value = float(match.group(1))
        return value / 2 if value >= 80 else value
    return None


def _foot(text: str) -> float | None:
    match = _FOOT.search(text)
    if match is None:
        return None
    return float(match.group(1)) * 10 if match.group(1) else float(match.group(2))


@dataclass(frozen=True)
class Advice:
    size: str
    reason: str


def advise(chart: list[dict[str, Any]], sizes: Measurements) -> Advice | None:
    """The size whose ranges hold the measurements; when height and weight point to
    different sizes, the larger one (a little loose fits; tight does not)."""
    checks = [
        ("height", sizes.height_cm, "身高{:g}cm"),
        ("weight", sizes.weight_kg, "体重{:g}kg"),
        ("foot", sizes.foot_mm, "脚长{:g}mm"),
    ]
    picks: list[int] = []
    said: list[str] = []
    for key, value, label in checks:
        if value is None:
            continue
        fitting = [i for i, row in enumerate(chart) if _within(row.get(key), value)]
        if fitting:
            picks.append(fitting[0])
            said.append(label.format(value))
    if not picks:
        return None
    row = chart[max(picks)]
    ranges = "，".join(
        f"{name}{row[key][0]}-{row[key][1]}{unit}"
        for key, name, unit in (
            ("height", "身高", "cm"),
            ("weight", "体重", "kg"),
            ("foot", "脚长", "mm"),
        )
        if row.get(key)
    )
    between = "（身高和体重对应的尺码不同，建议选大一码）" if len(set(picks)) > 1 else ""
    return Advice(
        str(row["size"]), f"按尺码表，{'、'.join(said)} 对应 {row['size']} 码（{ranges}）{between}"
    )


def _within(bounds: Any, value: float) -> bool:
    return isinstance(bounds, list) and len(bounds) == 2 and bounds[0] <= value <= bounds[1]

"""RFM classes (RFM 客户分层), computed per shop from paid orders.

Recency (days since the last paid order), frequency (paid orders) and monetary
value (their total) are each scored 1–5 by quintile among the shop's buyers: a
value's score is 1 + ⌊5 × (buyers with a smaller value) / buyers⌋, so equal values
share a score; recency is scored the other way round (recent scores high). A
score of 3 or more is "high"; the three highs and lows name the eight classes.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

CLASSES = {
    (True, True, True): "重要价值客户",
    (False, True, True): "重要保持客户",
    (True, False, True): "重要发展客户",
    (False, False, True): "重要挽留客户",
    (True, True, False): "一般价值客户",
    (False, True, False): "一般保持客户",
    (True, False, False): "一般发展客户",
    (False, False, False): "一般挽留客户",
}


@dataclass(frozen=True)
class Rfm:
    recency_days: int
    frequency: int
    monetary: Decimal
    r: int
    f: int
    m: int

    @property
    def label(self) -> str:
        return CLASSES[(self.r >= 3, self.f >= 3, self.m >= 3)]


def quintile(value: float, ordered: list[float]) -> int:
    """1–5: one more for each fifth of the values that are smaller than this one."""
    smaller = bisect.bisect_left(ordered, value)
    return 1 + (5 * smaller) // len(ordered)


def classify(
    purchases: dict[str, list[tuple[dt.datetime, Decimal]]], *, now: dt.datetime
) -> dict[str, Rfm]:
    """RFM of every customer with at least one paid order (paid time, amount)."""
    facts = {
        customer: (
            (now - max(at for at, _amount in bought)).days,
            len(bought),
            sum((amount for _at, amount in bought), Decimal("0")),
        )
        for customer, bought in purchases.items()
        if bought
    }
    recency = sorted(-days for days, _f, _m in facts.values())  # fewer days ranks higher
    frequency = sorted(f for _d, f, _m in facts.values())
    monetary = sorted(m for _d, _f, m in facts.values())
    return {
        customer: Rfm(
            days,
            f,
            m,
            quintile(-days, recency),
            quintile(f, frequency),
            quintile(m, monetary),  # type: ignore[arg-type]
        )
        for customer, (days, f, m) in facts.items()
    }

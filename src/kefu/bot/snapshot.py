"""What the bot reads of the shop once per buyer message: the settings it needs and
the versions of the FAQ and the catalogue (their in-process indexes are rebuilt when
these change). Two queries up front instead of one at each place that needs a value:
each query costs about as much as classifying the message (docs/benchmarks.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kefu.bot import repository, templates
from kefu.shop import service as shop

KEYS = (
    "bot_anger_above",
    "bot_handoff_below",
    "surge_mode",
    "surge_handoff_below",
    *templates.SHOP_KEYS,
)

# Routine intents (shared/spec/intents.md): in surge mode the bot keeps these unless it is
# quite unsure (the shop setting surge_handoff_below), so people are left for the rest.
ROUTINE_INTENTS = frozenset(
    {
        "product_info",
        "size_advice",
        "stock",
        "price_bargain",
        "payment",
        "shipping_time",
        "logistics_query",
        "invoice",
        "cod",
        "usage_help",
    }
)


@dataclass(frozen=True)
class Snapshot:
    settings: dict[str, Any]
    kb_version: tuple[int, dt.datetime | None]
    product_version: int


def read(db: Session) -> Snapshot:
    kb_count, kb_latest, product_count = repository.versions(db)
    return Snapshot(shop.get_many(db, KEYS), (kb_count, kb_latest), product_count)


def handoff_below(limits: dict[str, Any], intent: str) -> float:
    """The confidence under which the bot hands off: lower for routine intents in surge
    mode (surge_handoff_below, never above the usual threshold)."""
    usual = float(limits["bot_handoff_below"])
    if limits["surge_mode"] and intent in ROUTINE_INTENTS:
        return min(usual, float(limits["surge_handoff_below"]))
    return usual

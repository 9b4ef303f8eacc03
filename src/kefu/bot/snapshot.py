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

KEYS = ("bot_anger_above", "bot_handoff_below", *templates.SHOP_KEYS)


@dataclass(frozen=True)
class Snapshot:
    settings: dict[str, Any]
    kb_version: tuple[int, dt.datetime | None]
    product_version: int


def read(db: Session) -> Snapshot:
    kb_count, kb_latest, product_count = repository.versions(db)
    return Snapshot(shop.get_many(db, KEYS), (kb_count, kb_latest), product_count)

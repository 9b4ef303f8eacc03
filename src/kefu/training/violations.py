"""The violation count per agent per year: QC findings charged to her that no reviewer
dismissed; reaching the shop's ``violation_threshold`` flags her for retraining."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.shop import service as shop
from kefu.training import repository


def violations(
    db: Session, *, year: int, tz: str, within: frozenset[str] | None
) -> list[dict[str, Any]]:
    """Each agent's QC violations in the year, and whether they reach the retraining line."""
    start = clock.local_midnight(dt.date(year, 1, 1), tz)
    end = clock.local_midnight(dt.date(year + 1, 1, 1), tz)
    counts = repository.violation_counts(db, start, end)
    threshold = shop.get(db, "violation_threshold")
    return [
        {
            "agent_id": person.id,
            "name": person.name,
            "group_name": person.group,
            "year": year,
            "violations": counts.get(person.id, 0),
            "threshold": threshold,
            "retraining": counts.get(person.id, 0) >= threshold,
        }
        for person in repository.people(db)
        if within is None or person.id in within
    ]

"""Complaint statistics by category (突发事件 among them) and completion, for the lead."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import repository
from kefu.kit import clock
from kefu.models.aftersale import COMPLAINT_CATEGORY_LABELS


def complaint_stats(db: Session, *, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """Every category (also those without complaints), how many were resolved, resolved
    by the time promised, and are still open past it; the completion rate."""
    counted = {row[0]: row[1:] for row in repository.complaint_stats(db, start, end, clock.now())}
    rows = []
    for category, label in COMPLAINT_CATEGORY_LABELS.items():
        total, resolved, on_time, overdue = counted.get(category, (0, 0, 0, 0))
        rows.append(
            {
                "category": category,
                "label": label,
                "total": total,
                "resolved": resolved,
                "on_time": on_time,
                "open_overdue": overdue,
                "completion": round(resolved / total, 4) if total else None,
            }
        )
    total = sum(row["total"] for row in rows)
    resolved = sum(row["resolved"] for row in rows)
    return {
        "categories": rows,
        "total": total,
        "resolved": resolved,
        "completion": round(resolved / total, 4) if total else None,
    }

"""The month's KPIs for the appraisal, counted once and kept (appraisal_snapshots).

Counting a month's KPIs reads every chat, order, refund and call of it: too slow to do on
every page view. The snapshot keeps only that part; sales targets, KPI targets, QC scores
and skills scores are cheap and applied at each read, so a change to any of them shows at
once. A snapshot is used while it is fresh (``FRESH_FOR``: the current month's pages lag
its chats by at most that), and for good once it was counted after the month closed: its
end plus the conversion window and the refund deadline, after which nothing it counts can
change. A change in who is appraised (an agent added or disabled) recounts it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy.orm import Session

from kefu.appraisal import repository
from kefu.kit import clock
from kefu.kpi import team as team_kpis
from kefu.kpi.engine import CONVERSION_WINDOW
from kefu.kpi.team import target_rate
from kefu.models import AppraisalSnapshot
from kefu.shop import service as shop

FRESH_FOR = dt.timedelta(minutes=5)


def closes_at(db: Session, *, end: dt.datetime) -> dt.datetime:
    """When nothing the month's KPIs count can change any more."""
    return end + CONVERSION_WINDOW + dt.timedelta(days=shop.get(db, "refund_complete_days"))


def fingerprint(people: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(people)).encode()).hexdigest()[:32]


def month_kpis(
    db: Session,
    *,
    month: str,
    start: dt.datetime,
    end: dt.datetime,
    people: list[str],
    sales_targets: dict[str, Decimal],
    store: bool = True,
) -> dict[str, dict[str, Any]]:
    """Each appraised agent's KPIs of the month, 营业额完成率 against today's targets."""
    kpis = _counted(db, month=month, start=start, end=end, people=people, store=store)
    empty = team_kpis.compute_empty()
    out = {}
    for agent in people:
        row = dict(kpis.get(agent, empty))
        sales = Decimal(row.get("agent_sales") or 0)
        target = sales_targets.get(agent)
        row["sales_target_rate"] = target_rate(sales, target) if target else None
        out[agent] = row
    return out


def _counted(
    db: Session, *, month: str, start: dt.datetime, end: dt.datetime, people: list[str], store: bool
) -> dict[str, Any]:
    now = clock.now()
    kept = repository.snapshot(db, month)
    key = fingerprint(people)
    if kept is not None and kept.people == key:
        counted_at = clock.ensure_aware(kept.computed_at)
        if counted_at >= closes_at(db, end=end) or now - counted_at < FRESH_FOR:
            return kept.kpis
    kpis = team_kpis.compute(db, start=start, end=end, agent_ids=people)["agents"]
    kpis = orjson.loads(orjson.dumps(kpis))  # as stored, so a kept one reads the same
    if store:
        repository.keep_snapshot(
            db, AppraisalSnapshot(month=month, people=key, computed_at=now, kpis=kpis)
        )
    return kpis

"""The Team KPIs of shared/spec/kpis.md (targets and the monthly appraisal), per agent,
next to the engine's per-agent KPIs of the same period.

客单价 and 退货换货率 are over the orders the engine credits to the agent in
``agent_sales``; 退货/换货完成率 counts a case for the agent who handles it (its
``handler_id``: taken or assigned, see aftersale/handler.py; a case nobody has taken is
nobody's); 通时通次 are the hotline's calls.
A KPI whose denominator is zero is null, never 0.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit.money import CENT, format_yuan
from kefu.kpi import online, queries
from kefu.kpi import team_repository as repository
from kefu.kpi.engine import AgentTally, Ratio, half_up
from kefu.models.aftersale import RefundKind
from kefu.shop import service as shop

TEAM_KPI_IDS = (
    "avg_order_value",
    "sales_target_rate",
    "return_rate",
    "refund_completion_rate",
    "complaint_completion_rate",
    "online_hours",
    "call_count",
    "call_minutes",
)
REFUND_KINDS = tuple(kind.value for kind in RefundKind)


def average_order(total: Decimal, count: int) -> str | None:
    if count == 0:
        return None
    return format_yuan((total / count).quantize(CENT, rounding=ROUND_HALF_UP))


def target_rate(sales: Decimal, target: Decimal | None) -> float | None:
    """营业额完成率: sales over the month's target; null without a (positive) target."""
    if not target:
        return None
    return half_up(sales / target, 4)


def compute(
    db: Session,
    *,
    start: dt.datetime,
    end: dt.datetime,
    sales_targets: dict[str, Decimal] | None = None,
    agent_ids: list[str] | None = None,
) -> dict[str, Any]:
    """``{"shop": {"avg_order_value"}, "agents": {agent: {kpi: value}}}`` for [start, end):
    each agent's engine KPIs and Team KPIs together. ``sales_targets`` maps agents to the
    period's sales target (营业额完成率 is null for an agent without one); ``agent_ids``
    the agents whose status log gives 在线时长 (by default everyone)."""
    tally, _converted, _sales = queries.count(db, start=start, end=end)
    count, total = repository.paid_orders(db, start, end)
    agents: dict[str, dict[str, Any]] = defaultdict(compute_empty)
    for agent_id, agent_tally in tally.agents.items():
        agents[agent_id].update(queries.agent_kpis(agent_tally))
        agents[agent_id].update(_sales_kpis(db, agent_tally, start, end))
        agents[agent_id]["sales_target_rate"] = target_rate(
            agent_tally.sales, (sales_targets or {}).get(agent_id)
        )
    _add_refund_completion(db, agents, start, end)
    _add_complaints(db, agents, start, end)
    for agent_id, calls, seconds in repository.calls(db, start, end):
        agents[agent_id]["call_count"] = calls
        agents[agent_id]["call_minutes"] = half_up(Decimal(seconds) / 60, 1)
    everyone = agent_ids if agent_ids is not None else repository.agent_ids(db)
    for agent_id, hours in online.online_hours(
        db, agent_ids=everyone, start=start, end=end
    ).items():
        agents[agent_id]["online_hours"] = hours
    for agent_id, targeted in (sales_targets or {}).items():
        if agent_id not in tally.agents:  # a target and no sales: 0 % of it
            agents[agent_id]["sales_target_rate"] = target_rate(Decimal(0), targeted)
    return {
        "shop": {"avg_order_value": average_order(Decimal(total), count)},
        "agents": dict(sorted(agents.items())),
    }


def compute_empty() -> dict[str, Any]:
    """An agent's KPIs before anything is counted: no sessions, no calls, nothing to rate."""
    return {
        **queries.agent_kpis(AgentTally()),
        "avg_order_value": None,
        "sales_target_rate": None,
        "return_rate": None,
        "refund_completion_rate": dict.fromkeys(REFUND_KINDS),
        "complaint_completion_rate": None,
        "online_hours": 0.0,
        "call_count": None,  # per hotline agent: null for one who took no call
        "call_minutes": None,
    }


def _sales_kpis(
    db: Session, agent: AgentTally, start: dt.datetime, end: dt.datetime
) -> dict[str, Any]:
    order_ids = {order_id for order_id, _amount in agent.orders}
    returned = repository.returns_on_orders(db, start, end, order_ids) if order_ids else set()
    return {
        "avg_order_value": average_order(agent.sales, len(agent.orders)),
        "return_rate": Ratio(len(returned), len(order_ids)).value(),
    }


def _add_refund_completion(
    db: Session, agents: dict[str, dict[str, Any]], start: dt.datetime, end: dt.datetime
) -> None:
    deadline = dt.timedelta(days=shop.get(db, "refund_complete_days"))
    ratios: dict[str, dict[str, Ratio]] = defaultdict(lambda: defaultdict(Ratio))
    for kind, requested_at, handler, settled_at in repository.refunds_handled(db, start, end):
        if handler is None:
            continue  # nobody has taken the case yet: it is nobody's
        ratio = ratios[handler][kind]
        ratio.of += 1
        ratio.hits += int(settled_at is not None and settled_at <= requested_at + deadline)
    for agent_id, kinds in ratios.items():
        agents[agent_id]["refund_completion_rate"] = {
            kind: kinds[kind].value() if kind in kinds else None for kind in REFUND_KINDS
        }


def _add_complaints(
    db: Session, agents: dict[str, dict[str, Any]], start: dt.datetime, end: dt.datetime
) -> None:
    ratios: dict[str, Ratio] = defaultdict(Ratio)
    for owner, resolved_at in repository.complaints_owned(db, start, end):
        ratios[owner].of += 1
        ratios[owner].hits += int(resolved_at is not None and resolved_at < end)
    for agent_id, ratio in ratios.items():
        agents[agent_id]["complaint_completion_rate"] = ratio.value()

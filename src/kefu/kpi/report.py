"""The KPI report as JSON, a text table or an Excel workbook."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.kpi import queries
from kefu.kpi.queries import AGENT_KPI_IDS, KPI_IDS

KPI_LABELS = {
    "sessions": "会话数",
    "inquiries": "咨询人数",
    "served": "接待人数",
    "first_response_s": "首次响应时长(秒)",
    "avg_response_s": "平均响应时长(秒)",
    "response_rate": "回复率",
    "answer_question_ratio": "答问比",
    "conversion_rate": "询单转化率",
    "agent_sales": "客服销售额",
    "bot_resolution_rate": "机器人独立解决率",
    "refund_rate": "退款率",
    "complaint_on_time_rate": "投诉按时解决率",
    "bad_review_7d_rate": "中差评7日处理率",
    "csat": "满意度",
    "csat_mean": "平均评分",
}


def build(db: Session, *, start: dt.date, end: dt.date, by: str, tz: str) -> dict[str, Any]:
    """``--by agent``: one period with shop and agents; ``day``/``month``: a list of them."""
    parts = queries.periods(start, end, by, tz)
    results = []
    for label, period_start, period_end in parts:
        result = queries.compute(db, start=period_start, end=period_end)
        results.append({"label": label, **result})
    header = {"period": {"from": start.isoformat(), "to": end.isoformat(), "tz": tz}}
    if by == "agent":
        return {**header, "shop": results[0]["shop"], "agents": results[0]["agents"]}
    return {**header, "by": by, "periods": results}


def tables(
    report: dict[str, Any], names: dict[str, str] | None = None
) -> dict[str, list[list[Any]]]:
    """The report as sheets: one row per period (shop) and per period and agent (by name when
    ``names`` are given)."""
    names = names or {}
    periods = report.get("periods") or [
        {"label": report["period"]["from"], "shop": report["shop"], "agents": report["agents"]}
    ]
    shop_rows: list[list[Any]] = [["期间", *(KPI_LABELS[k] for k in KPI_IDS)]]
    agent_rows: list[list[Any]] = [["期间", "客服", *(KPI_LABELS[k] for k in AGENT_KPI_IDS)]]
    for period in periods:
        shop_rows.append([period["label"], *(period["shop"][k] for k in KPI_IDS)])
        for agent, values in period["agents"].items():
            name = names.get(agent, agent)
            agent_rows.append([period["label"], name, *(values[k] for k in AGENT_KPI_IDS)])
    return {"店铺": shop_rows, "客服": agent_rows}

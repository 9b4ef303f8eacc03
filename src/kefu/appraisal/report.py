"""The monthly appraisal as sheets (xlsx, the CLI's table): one row per agent."""

from __future__ import annotations

from typing import Any

from kefu.kpi.team import REFUND_KINDS

KPI_LABELS = {
    "sessions": "会话数",
    "served": "接待人数",
    "first_response_s": "首次响应时长(秒)",
    "avg_response_s": "平均响应时长(秒)",
    "answer_question_ratio": "答问比",
    "conversion_rate": "询单转化率",
    "agent_sales": "客服销售额",
    "csat": "满意度",
    "csat_mean": "平均评分",
    "avg_order_value": "客单价",
    "sales_target_rate": "营业额完成率",
    "return_rate": "退货换货率",
    "refund_completion_rate": "售后完成率",
    "complaint_completion_rate": "投诉处理完成率",
    "online_hours": "在线时长(小时)",
    "call_count": "通次",
    "call_minutes": "通时(分钟)",
}
KIND_LABELS = {"refund_only": "仅退款完成率", "return": "退货完成率", "exchange": "换货完成率"}
PARTS = {
    "appraisal_score": "月度考核分",
    "quantified": "量化指标(50%)",
    "quality": "工作质量(30%)",
    "skills": "技能(20%)",
}


def columns() -> list[tuple[str, str]]:
    """(key, header) of every KPI column; 售后完成率 is one column per kind."""
    out: list[tuple[str, str]] = []
    for kpi, label in KPI_LABELS.items():
        if kpi == "refund_completion_rate":
            out.extend((f"{kpi}.{kind}", KIND_LABELS[kind]) for kind in REFUND_KINDS)
        else:
            out.append((kpi, label))
    return out


def kpi_value(kpis: dict[str, Any], key: str) -> Any:
    kpi, _, kind = key.partition(".")
    value = kpis.get(kpi)
    return value.get(kind) if kind and isinstance(value, dict) else value


def table(report: dict[str, Any], names: dict[str, str]) -> list[list[Any]]:
    cols = columns()
    rows: list[list[Any]] = [["月份", "客服", *PARTS.values(), *(label for _k, label in cols)]]
    for agent_id, result in report["agents"].items():
        rows.append(
            [
                report["month"],
                names.get(agent_id, agent_id),
                *(result[part] for part in PARTS),
                *(kpi_value(result["kpis"], key) for key, _label in cols),
            ]
        )
    return rows


def sheets(report: dict[str, Any], names: dict[str, str]) -> dict[str, list[list[Any]]]:
    return {"月度考核": table(report, names)}

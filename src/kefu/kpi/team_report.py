"""The daily and monthly team report: sales attributed to service, refunds and
returns, complaints, reviews handled, quality inspection."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit.money import format_yuan
from kefu.kpi import queries, repository

COLUMNS = {
    "period": "期间",
    "sessions": "会话数",
    "agent_sales": "客服销售额",
    "conversion_rate": "询单转化率",
    "refunds": "仅退款",
    "returns": "退货",
    "exchanges": "换货",
    "refund_amount": "退款金额",
    "refund_rate": "退款率",
    "complaints_opened": "新投诉",
    "complaints_resolved": "已解决投诉",
    "complaint_on_time_rate": "投诉按时解决率",
    "bad_reviews_handled": "处理中差评",
    "bad_review_7d_rate": "中差评7日处理率",
    "qc_inspected": "质检会话",
    "qc_average": "质检均分",
    "qc_flagged": "低于80分",
    "qc_reviewed": "已复核",
}


def build(db: Session, *, start: dt.date, end: dt.date, by: str, tz: str) -> list[dict[str, Any]]:
    rows = []
    for label, period_start, period_end in queries.periods(start, end, by, tz):
        kpis = queries.compute(db, start=period_start, end=period_end)["shop"]
        refunds = repository.refunds_by_kind(db, period_start, period_end)
        opened, resolved = repository.complaints_opened_resolved(db, period_start, period_end)
        inspected, average, flagged, reviewed = repository.qc_summary(db, period_start, period_end)
        amount = sum((value for _count, value in refunds.values()), start=Decimal("0.00"))
        rows.append(
            {
                "period": label,
                "sessions": kpis["sessions"],
                "agent_sales": kpis["agent_sales"],
                "conversion_rate": kpis["conversion_rate"],
                "refunds": refunds.get("refund_only", (0, 0))[0],
                "returns": refunds.get("return", (0, 0))[0],
                "exchanges": refunds.get("exchange", (0, 0))[0],
                "refund_amount": format_yuan(amount),
                "refund_rate": kpis["refund_rate"],
                "complaints_opened": opened,
                "complaints_resolved": resolved,
                "complaint_on_time_rate": kpis["complaint_on_time_rate"],
                "bad_reviews_handled": repository.reviews_handled(db, period_start, period_end),
                "bad_review_7d_rate": kpis["bad_review_7d_rate"],
                "qc_inspected": inspected,
                "qc_average": average,
                "qc_flagged": flagged,
                "qc_reviewed": reviewed,
            }
        )
    return rows


def table(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [list(COLUMNS.values()), *([row[key] for key in COLUMNS] for row in rows)]

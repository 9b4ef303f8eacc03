"""月度考核分 (kpis.md, appraisal_score): 50 × quantified + 30 × work quality + 20 × skills.

Quantified: the mean of the agent's KPI scores, each 0–1 against the shop's target
(value / target when higher is better, target / value when lower is better, capped
at 1). A KPI without a target or without a value (its denominator was zero) is not
scored; 退货/换货/仅退款完成率 are scored one kind each, as the spec names them apart.
A part with nothing to go on is null, and so is then the score: an agent with no
inspected session has no work-quality mark, and a zero is not a fair stand-in for it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kefu.kpi.engine import half_up

# Which way is better for each KPI a shop may set a target for (the form's default).
HIGHER_IS_BETTER: dict[str, bool] = {
    "first_response_s": False,
    "avg_response_s": False,
    "answer_question_ratio": True,
    "conversion_rate": True,
    "csat": True,
    "agent_sales": True,
    "avg_order_value": True,
    "sales_target_rate": True,
    "return_rate": False,
    "refund_completion_rate": True,
    "complaint_completion_rate": True,
    "online_hours": True,
    "call_count": True,
    "call_minutes": True,
}
WEIGHTS = (Decimal(50), Decimal(30), Decimal(20))


def kpi_score(value: Any, target: float, higher_is_better: bool) -> Decimal:
    """One KPI scored 0–1 against its target (the target is positive: the form checks it)."""
    got, aim = Decimal(str(value)), Decimal(str(target))
    if higher_is_better:
        return min(Decimal(1), got / aim)
    return Decimal(1) if got == 0 else min(Decimal(1), aim / got)


def kpi_scores(kpis: dict[str, Any], targets: dict[str, tuple[float, bool]]) -> dict[str, Decimal]:
    """The agent's scored KPIs: ``kpi`` or ``refund_completion_rate.<kind>`` → 0–1."""
    scores: dict[str, Decimal] = {}
    for kpi, (target, higher) in targets.items():
        value = kpis.get(kpi)
        values = value.items() if isinstance(value, dict) else [("", value)]
        for kind, one in values:
            if one is not None:
                scores[f"{kpi}.{kind}" if kind else kpi] = kpi_score(one, target, higher)
    return scores


def mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def appraise(
    kpis: dict[str, Any],
    targets: dict[str, tuple[float, bool]],
    quality: Decimal | None,
    skills: Decimal | None,
) -> dict[str, Any]:
    """``{quantified, quality, skills, appraisal_score, kpis}`` for one agent's month;
    the parts are shares 0–1 (four decimals), the score 0–100 (one decimal)."""
    quantified = mean(list(kpi_scores(kpis, targets).values()))
    parts = (quantified, quality, skills)
    score = None
    if all(part is not None for part in parts):
        score = half_up(sum(w * p for w, p in zip(WEIGHTS, parts, strict=True)), 1)  # type: ignore[operator]
    return {
        "quantified": None if quantified is None else half_up(quantified, 4),
        "quality": None if quality is None else half_up(quality, 4),
        "skills": None if skills is None else half_up(skills, 4),
        "appraisal_score": score,
        "kpis": kpis,
    }


def rounded_scores(
    kpis: dict[str, Any], targets: dict[str, tuple[float, bool]]
) -> dict[str, float]:
    """Each scored KPI's 0–1 score, for the page's breakdown."""
    return {kpi: half_up(score, 4) for kpi, score in kpi_scores(kpis, targets).items()}

"""Request bodies of the appraisal pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")]


class SalesTargetIn(BaseModel):
    """One agent's or one group's target for a month; ``amount`` null removes it."""

    model_config = ConfigDict(extra="forbid")
    month: Month
    agent_id: str | None = None
    group_id: str | None = None
    amount: Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)] | None


class KpiTargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target: Annotated[float, Field(gt=0, le=1e9)] | None
    higher_is_better: bool | None = None


class SkillsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    month: Month
    score: Annotated[int, Field(ge=0, le=100)]
    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = None

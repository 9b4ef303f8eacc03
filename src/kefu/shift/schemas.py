"""Shapes of the shift domain's API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from kefu.kit.dates import Day
from kefu.shop.values import clock_time

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]


def _clock(text: str) -> str:
    hour, minute = clock_time(text, end=True)
    return f"{hour:02d}:{minute:02d}"


Clock = Annotated[str, AfterValidator(_clock)]


class TemplateIn(BaseModel):
    name: Name
    starts: Clock = Field(description="HH:MM")
    ends: Clock = Field(description="HH:MM; earlier than starts runs past midnight; 24:00 ok")


class TemplateOut(BaseModel):
    id: str
    name: str
    starts: str
    ends: str
    text: str  # 夜班 22:00–次日06:00, as people read it


class DayOut(BaseModel):
    day: dt.date
    label: str  # 周一


class DutyOut(BaseModel):
    day: dt.date
    kind: str
    label: str
    agent_id: str | None
    agent_name: str | None
    by_rotation: bool


class RotaAgentOut(BaseModel):
    id: str
    name: str
    group_id: str | None
    group_name: str | None
    role_label: str  # 热线, 退款审核: what people outside the chat groups are
    shifts: list[str | None]  # a template id per day of the week, None: 休


class WeekOut(BaseModel):
    week_start: dt.date
    days: list[DayOut]
    templates: list[TemplateOut]
    agents: list[RotaAgentOut]
    duties: list[DutyOut]


class CellIn(BaseModel):
    template_id: str | None = Field(max_length=64, description="None takes her off that day")


class CopyIn(BaseModel):
    week: Day = Field(description="any day of the week to fill")
    agent_ids: list[str] | None = Field(default=None, max_length=500)


class DutyIn(BaseModel):
    agent_id: str | None = Field(max_length=64, description="None: back to the rotation")


class RotationIn(BaseModel):
    agent_ids: list[Annotated[str, StringConstraints(max_length=64)]] = Field(max_length=50)
    starts_on: Day


class RotationAgent(BaseModel):
    id: str
    name: str


class RotationOut(BaseModel):
    kind: str
    label: str
    starts_on: dt.date
    agents: list[RotationAgent]


class HandoverItem(BaseModel):
    kind: Annotated[str, StringConstraints(max_length=16)] = "note"  # chat, task, callback, note
    ref: Annotated[str, StringConstraints(max_length=64)] | None = None
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class HandoverIn(BaseModel):
    notes: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
    items: list[HandoverItem] = Field(default_factory=list, max_length=100)


class HandoverDraft(BaseModel):
    notes: str
    items: list[HandoverItem]


class HandoverOut(BaseModel):
    id: str
    agent_id: str
    agent_name: str
    written_at: dt.datetime
    notes: str
    items: list[HandoverItem]
    recipient_ids: list[str]
    recipient_names: list[str]
    acknowledged_by: str | None
    acknowledged_by_name: str | None
    acknowledged_at: dt.datetime | None
    can_acknowledge: bool


class AutoReplyIn(BaseModel):
    text: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class AutoReplyOut(BaseModel):
    text: str


class ListQuery(BaseModel):
    """The filters of the rota and duty lists (days both included)."""

    date_from: Day | None = None
    date_to: Day | None = None
    group_id: str | None = None
    agent_id: str | None = None
    q: str | None = None


class EntryRow(BaseModel):
    id: str  # agent:day, for the table's row key
    agent_id: str
    agent_name: str
    group_name: str | None
    day: dt.date
    template_id: str
    shift_name: str
    shift_text: str


class DutyRow(BaseModel):
    id: str  # day:kind
    day: dt.date
    kind: str
    label: str
    agent_id: str
    agent_name: str

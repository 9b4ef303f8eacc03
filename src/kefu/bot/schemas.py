"""Shapes of the bot's API."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class AskIn(BaseModel):
    text: str
    customer_id: str | None = None
    product_id: str | None = None


class AskOut(BaseModel):
    intent: str
    confidence: float
    answer: str | None
    handoff: bool
    handoff_reason: str | None


class KbEntryIn(BaseModel):
    intent: str
    questions: list[str] = Field(min_length=1)
    answer: str
    product_id: str | None = None
    enabled: bool = True


class KbFilters(BaseModel):
    """The knowledge-base list's filters; ``q`` searches questions and answers."""

    intent: str | None = None
    product_id: str | None = None
    enabled: bool | None = None
    q: str | None = None


class KbEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    intent: str
    questions: list[str]
    answer: str
    product_id: str | None
    product_title: str | None = None
    enabled: bool
    updated_at: dt.datetime


class KbOptions(BaseModel):
    variables: list[str]
    product_variables: list[str]


class SuggestionOut(BaseModel):
    source: str  # faq | phrase
    title: str
    text: str


class SuggestOut(BaseModel):
    intent: str
    confidence: float
    suggestions: list[SuggestionOut]


class ProposalOut(BaseModel):
    id: str
    intent: str
    intent_name: str
    # The bot answers this intent from live data first (orders, stock, size charts).
    answered_live: bool
    questions: list[str]
    answer: str
    alternatives: list[str]
    count: int
    sessions: int
    message_ids: list[str]  # the buyer messages behind it (the first 20 in lists)
    status: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decided_by: str | None
    decided_by_name: str | None
    kb_entry_id: str | None


class ProposalEdit(BaseModel):
    """Only the fields given change."""

    intent: str | None = None
    questions: list[str] | None = None
    answer: str | None = None


class MineIn(BaseModel):
    """Sessions opened from ``date_from`` to ``date_to`` (both included, shop's zone)."""

    date_from: dt.date | None = Field(default=None, alias="from")
    date_to: dt.date | None = Field(default=None, alias="to")
    min_count: int = Field(default=3, ge=1)


class MineOut(BaseModel):
    messages: int
    clusters: int
    proposed: int
    replaced: int


class LabelIn(BaseModel):
    intent: str


class LabelOut(BaseModel):
    message_id: str
    session_id: str
    text: str
    intent: str
    agent_id: str
    agent_name: str
    at: dt.datetime

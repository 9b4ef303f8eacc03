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

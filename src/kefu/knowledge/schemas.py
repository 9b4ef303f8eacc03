"""Shapes of quick phrases in the API."""

from __future__ import annotations

from pydantic import BaseModel


class PhraseIn(BaseModel):
    text: str
    shortcut: str | None = None
    group: str | None = None
    team: bool = False


class PhraseOut(BaseModel):
    id: str
    shortcut: str | None
    text: str
    group: str | None
    scope: str  # team | personal

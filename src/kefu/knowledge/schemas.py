"""Shapes of quick phrases in the API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class PhraseIn(BaseModel):
    text: str
    shortcut: str | None = None
    group: str | None = None
    team: bool = False
    campaign: bool = False  # 大促短语: pinned first while surge mode is on


class PhraseOut(BaseModel):
    id: str
    shortcut: str | None
    text: str
    group: str | None
    scope: str  # team | personal
    campaign: bool


class PhraseItem(PhraseOut):
    """A row of the phrases list: the variables it fills in, and whether this agent may
    change it (her own phrases; team phrases only for the supervisor)."""

    variables: list[str]
    editable: bool


class PhraseFilters(BaseModel):
    scope: Literal["team", "personal"] | None = None
    group: str | None = None
    q: str | None = None


class PhraseOptions(BaseModel):
    groups: list[str]
    variables: list[str]
    may_edit_team: bool

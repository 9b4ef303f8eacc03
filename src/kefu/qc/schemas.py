"""Shapes of quality inspection in the API and the CLI (``--json``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from kefu.kit.filters import Many


class CheckIn(BaseModel):
    text: str = Field(max_length=10_000)


class FindingOut(BaseModel):
    id: int | None = None  # set once stored: reviewers confirm or dismiss by it
    rule: str
    excerpt: str
    severity: str
    message_id: str | None = None
    agent_id: str | None = None  # charged to: the message's author, or who was responsible
    agent_name: str | None = None


class CheckOut(BaseModel):
    text: str
    findings: list[FindingOut]


class SessionQcOut(BaseModel):
    session_id: str
    score: int
    flagged: bool
    findings: list[FindingOut]


class QueueFilters(BaseModel):
    reason: Many[Literal["flagged", "sample"]] = []
    agent_id: str | None = None
    q: str | None = None  # session or agent id (exact); agent name (contains)

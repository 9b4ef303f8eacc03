"""Request bodies of the training pages."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kefu.kit.dates import Moment
from kefu.models.training import CourseKind

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class QuizItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: Short
    options: Annotated[list[Short], Field(min_length=2, max_length=6)]
    answer: int  # index into options


class CourseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Short
    kind: CourseKind = CourseKind.general
    qc_rule: str | None = None
    product_id: str | None = None
    group_ids: Annotated[list[str], Field(max_length=50)] = []
    launch_at: Moment | None = None
    kb_entry_ids: Annotated[list[str], Field(max_length=50)] = []
    notes: Annotated[str, StringConstraints(strip_whitespace=True, max_length=10000)] = ""
    quiz: Annotated[list[QuizItem], Field(max_length=30)] = []
    pass_mark: Annotated[int, Field(ge=0, le=100)] = 80


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agent_ids: Annotated[list[str], Field(min_length=1, max_length=200)]
    note: Text | None = None


class AttemptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answers: Annotated[list[int], Field(max_length=30)]


class NoticeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agent_id: str
    findings: Text
    session_ids: Annotated[list[str], Field(max_length=50)] = []
    due_at: Moment


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reply: Text


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    accepted: bool
    note: Text | None = None


class ProposalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Short
    body: Text


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    accepted: bool
    note: Text | None = None

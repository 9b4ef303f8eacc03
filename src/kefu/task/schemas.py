"""Shapes of the task list: its filters (query parameters) and rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from kefu.kit.dates import Moment
from kefu.kit.filters import Many
from kefu.models.work import TaskKind, TaskStatus


class TaskFilters(BaseModel):
    status: Many[TaskStatus] = [TaskStatus.open]
    kind: Many[TaskKind] = []
    overdue: bool | None = None  # open past its due time
    due_before: Moment | None = None
    q: str | None = None  # order or customer id (exact); title (contains)


class TaskItem(BaseModel):
    id: str
    kind: str
    kind_label: str
    title: str
    status: str
    due_at: dt.datetime
    overdue: bool
    assignee_id: str | None
    assignee_name: str | None
    group_id: str | None
    group_name: str | None
    customer_id: str | None
    buyer_name: str | None
    order_id: str | None
    session_id: str | None
    payload: dict[str, Any] | None
    result_note: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None

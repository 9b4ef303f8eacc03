"""Shape of the notification summary."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel


class NoticeItem(BaseModel):
    kind: str  # task, refund, complaint
    id: str
    title: str
    due_at: dt.datetime | None
    overdue: bool
    link: str  # the staff app's path, e.g. /refunds/r1


class NoticeSection(BaseModel):
    kind: str
    label: str
    count: int  # all that are due soon or overdue, not only the items shown
    overdue: int
    link: str  # the list page
    items: list[NoticeItem]


class NotificationsOut(BaseModel):
    total: int
    within_hours: int
    sections: list[NoticeSection]

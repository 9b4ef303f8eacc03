"""The notification summary: for the logged-in agent, one query per kind of work,
each giving its count and its most urgent items.

- tasks assigned to the agent, due within the window or overdue;
- refunds, returns and exchanges whose current step is due within the window or
  overdue, for the roles that handle them (售后, 退款审核, 主管);
- complaints past the time promised to the buyer: the agent's own, and every one
  for the supervisor (overdue complaints are escalated to them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import cases, refunds
from kefu.kit import clock
from kefu.kit.paging import Top
from kefu.models import Agent
from kefu.models.aftersale import RefundStatus
from kefu.models.team import Role
from kefu.notify.schemas import NoticeItem, NoticeSection, NotificationsOut
from kefu.task import service as task_service


def _section(
    kind: str, label: str, link: str, top: Top, item: Callable[[Any], NoticeItem]
) -> NoticeSection:
    return NoticeSection(
        kind=kind,
        label=label,
        count=top.total,
        overdue=top.overdue,
        link=link,
        items=[item(row[0]) for row in top.rows],
    )


def summary(db: Session, *, agent: Agent, within: dt.timedelta, limit: int) -> NotificationsOut:
    now = clock.now()
    until = now + within
    tasks = task_service.due_for(db, agent=agent, until=until, now=now, limit=limit)
    sections = [_section("task", "我的任务", "/tasks", tasks, _task_item(now))]
    role = Role(agent.role)
    if role in refunds.ACTORS:
        due = refunds.due_soon(db, until=until, now=now, limit=limit)
        sections.append(_section("refund", "售后单", "/refunds", due, _refund_item(now)))
    if role in cases.CASE_ROLES:
        owner = None if role == Role.supervisor else agent.id
        late = cases.overdue_complaints(db, owner_id=owner, now=now, limit=limit)
        sections.append(_section("complaint", "超时投诉", "/complaints", late, _complaint_item))
    return NotificationsOut(
        total=sum(s.count for s in sections),
        within_hours=int(within.total_seconds() // 3600),
        sections=sections,
    )


def _task_item(now: dt.datetime) -> Callable[[Any], NoticeItem]:
    def item(task: Any) -> NoticeItem:
        return NoticeItem(
            kind="task",
            id=task.id,
            title=task.title,
            due_at=task.due_at,
            overdue=task.due_at < now,
            link="/tasks",
        )

    return item


def _refund_item(now: dt.datetime) -> Callable[[Any], NoticeItem]:
    def item(refund: Any) -> NoticeItem:
        kind = refunds.KIND_LABELS.get(refund.kind, refund.kind)
        state = refunds.STATUS_LABELS[RefundStatus(refund.status)]
        return NoticeItem(
            kind="refund",
            id=refund.id,
            title=f"{kind}{state}：订单 {refund.order_id}",
            due_at=refund.due_at,
            overdue=refund.due_at < now,
            link=f"/refunds/{refund.id}",
        )

    return item


def _complaint_item(complaint: Any) -> NoticeItem:
    return NoticeItem(
        kind="complaint",
        id=complaint.id,
        title=f"投诉超时未解决：{complaint.summary or complaint.id}"[:60],
        due_at=complaint.promised_by,
        overdue=True,
        link=f"/complaints/{complaint.id}",
    )

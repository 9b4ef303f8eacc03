"""Opening and finishing tasks. Opening is idempotent by ``dedupe_key`` so that a
scheduled evaluator may run twice and still make one task."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kit.ids import new_id
from kefu.models import Task
from kefu.models.work import TaskKind, TaskStatus
from kefu.task import repository


def do_open(
    session: Session,
    *,
    kind: TaskKind,
    title: str,
    due_at: dt.datetime,
    dedupe_key: str | None = None,
    assignee_id: str | None = None,
    group_id: str | None = None,
    customer_id: str | None = None,
    order_id: str | None = None,
    session_id: str | None = None,
    payload: dict[str, Any] | None = None,
) -> Task:
    if dedupe_key is not None:
        existing = repository.get_by_dedupe_key(session, dedupe_key)
        if existing is not None:
            return existing
    task = Task(
        id=new_id("t"),
        kind=kind.value,
        status=TaskStatus.open.value,
        title=title,
        due_at=clock.ensure_aware(due_at),
        created_at=clock.now(),
        dedupe_key=dedupe_key,
        assignee_id=assignee_id,
        group_id=group_id,
        customer_id=customer_id,
        order_id=order_id,
        session_id=session_id,
        payload=payload,
    )
    repository.add(session, task)
    return task


def do_finish(session: Session, *, task: Task, status: TaskStatus, note: str | None = None) -> None:
    task.status = status.value
    task.finished_at = clock.now()
    task.result_note = note
    session.flush()


def do_finish_session_tasks(session: Session, *, session_id: str, kind: TaskKind, note: str) -> int:
    """Close the open tasks of one kind about a chat session (e.g. its offline message)."""
    tasks = repository.open_for_session(session, session_id, kind.value)
    for task in tasks:
        do_finish(session, task=task, status=TaskStatus.done, note=note)
    return len(tasks)


LOW_SCORE = 2  # satisfaction scores of 1 or 2 out of 5 are followed up


def do_follow_up_low_score(
    session: Session,
    *,
    reason: str,
    key: str,
    score: int,
    customer_id: str,
    group_id: str | None = None,
    session_id: str | None = None,
) -> Task | None:
    """A low satisfaction score (chat rating or survey) gets a follow-up task within a day."""
    if score > LOW_SCORE:
        return None
    return do_open(
        session,
        kind=TaskKind.callback,
        title=f"低分回访：{reason} {score} 分",
        due_at=clock.now() + dt.timedelta(hours=24),
        dedupe_key=f"low-score:{key}",
        group_id=group_id,
        customer_id=customer_id,
        session_id=session_id,
    )


def do_cancel_open(session: Session, *, kind: TaskKind, keep: set[str], note: str) -> int:
    """Cancel open tasks of this kind whose order is not in ``keep`` (the reason is gone)."""
    cancelled = 0
    for task in repository.open_of_kind(session, kind.value):
        if task.order_id is not None and task.order_id not in keep:
            do_finish(session, task=task, status=TaskStatus.cancelled, note=note)
            cancelled += 1
    return cancelled


def team(session: Session, setting: str) -> str:
    """The group named by a shop setting (``presale_group``, ``aftersale_group``),
    created on first use, for tasks that belong to a team rather than one agent."""
    from kefu.shop import service as shop
    from kefu.team import service as team_service

    return team_service.ensure_group(session, group_id=shop.get(session, setting)).id


def open_task_for_order(session: Session, *, kind: TaskKind, order_id: str) -> Task | None:
    return repository.open_for_order(session, kind.value, order_id)

"""Every query of the task domain."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.models import Task
from kefu.models.work import TaskStatus


def get_by_dedupe_key(session: Session, key: str) -> Task | None:
    return session.scalar(select(Task).where(Task.dedupe_key == key))


def add(session: Session, task: Task) -> None:
    session.add(task)
    session.flush()


def open_for_session(session: Session, session_id: str, kind: str) -> list[Task]:
    query = select(Task).where(
        Task.session_id == session_id, Task.kind == kind, Task.status == TaskStatus.open
    )
    return list(session.scalars(query))


def open_of_kind(session: Session, kind: str) -> list[Task]:
    query = select(Task).where(Task.kind == kind, Task.status == TaskStatus.open)
    return list(session.scalars(query.order_by(Task.due_at, Task.id)))


def open_for_order(session: Session, kind: str, order_id: str) -> Task | None:
    query = select(Task).where(
        Task.order_id == order_id, Task.kind == kind, Task.status == TaskStatus.open
    )
    return session.scalars(query).first()


def get(session: Session, task_id: str) -> Task | None:
    return session.get(Task, task_id)


def tasks(
    session: Session, *, assignee_id: str | None, group_id: str | None, status: str, limit: int
) -> list[Task]:
    query = select(Task).where(Task.status == status)
    if assignee_id is not None:
        query = query.where(Task.assignee_id == assignee_id)
    if group_id is not None:
        query = query.where(Task.group_id == group_id)
    return list(session.scalars(query.order_by(Task.due_at, Task.id).limit(limit)))

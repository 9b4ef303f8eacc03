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

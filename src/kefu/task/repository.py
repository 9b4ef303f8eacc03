"""Every query of the task domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kefu.kit.filters import narrow, text_search, yes_no
from kefu.kit.paging import PageParams, Top, fetch_page, fetch_top, order_by
from kefu.models import Agent, AgentGroup, Customer, Task
from kefu.models.work import TaskStatus
from kefu.task.schemas import TaskFilters


def get_by_dedupe_key(db: Session, key: str) -> Task | None:
    return db.scalar(select(Task).where(Task.dedupe_key == key))


def add(db: Session, task: Task) -> None:
    db.add(task)
    db.flush()


def open_for_session(db: Session, session_id: str, kind: str) -> list[Task]:
    query = select(Task).where(
        Task.session_id == session_id, Task.kind == kind, Task.status == TaskStatus.open
    )
    return list(db.scalars(query))


def opened_for_customer(
    db: Session, customer_id: str, kinds: tuple[str, ...], start: dt.datetime, end: dt.datetime
) -> list[Task]:
    query = select(Task).where(
        Task.customer_id == customer_id,
        Task.kind.in_(kinds),
        Task.created_at >= start,
        Task.created_at < end,
    )
    return list(db.scalars(query.order_by(Task.created_at, Task.id)))


def open_of_kind(db: Session, kind: str) -> list[Task]:
    query = select(Task).where(Task.kind == kind, Task.status == TaskStatus.open)
    return list(db.scalars(query.order_by(Task.due_at, Task.id)))


def open_for_order(db: Session, kind: str, order_id: str) -> Task | None:
    query = select(Task).where(
        Task.order_id == order_id, Task.kind == kind, Task.status == TaskStatus.open
    )
    return db.scalars(query).first()


def open_for_orders(db: Session, kind: str, order_ids: set[str]) -> list[Task]:
    query = select(Task).where(
        Task.order_id.in_(order_ids), Task.kind == kind, Task.status == TaskStatus.open
    )
    return list(db.scalars(query.order_by(Task.created_at, Task.id)))


def get(db: Session, task_id: str) -> Task | None:
    return db.get(Task, task_id)


def task_page(
    db: Session,
    f: TaskFilters,
    *,
    assignee_id: str | None,
    group_ids: frozenset[str] | None,
    people: frozenset[str],
    now: dt.datetime,
    params: PageParams,
) -> tuple[list[Any], int]:
    """Tasks with the names of their assignee and group, and their buyer's nick and name;
    of ``group_ids`` (or held by one of ``people``) unless None."""
    late = (Task.status == TaskStatus.open) & (Task.due_at < now)
    query = narrow(
        select(Task, Agent.name, AgentGroup.name, Customer.nick, Customer.name)
        .outerjoin(Agent, Agent.id == Task.assignee_id)
        .outerjoin(AgentGroup, AgentGroup.id == Task.group_id)
        .outerjoin(Customer, Customer.id == Task.customer_id),
        Task.assignee_id == assignee_id if assignee_id is not None else None,
        or_(Task.group_id.in_(group_ids), Task.assignee_id.in_(people))
        if group_ids is not None
        else None,
        Task.status.in_(f.status) if f.status else None,
        Task.kind.in_(f.kind) if f.kind else None,
        yes_no(late, f.overdue),
        Task.due_at < f.due_before if f.due_before else None,
        text_search(f.q, exact=[Task.order_id, Task.customer_id], partial=[Task.title]),
    )
    sorts = {"due_at": Task.due_at, "created_at": Task.created_at}
    return fetch_page(db, order_by(query, params.sort, sorts, [Task.due_at, Task.id]), params)


def due_for(
    db: Session, *, assignee_id: str, until: dt.datetime, now: dt.datetime, limit: int
) -> Top:
    """The agent's open tasks due by ``until``, the most urgent first."""
    query = (
        select(Task)
        .where(
            Task.assignee_id == assignee_id,
            Task.status == TaskStatus.open,
            Task.due_at <= until,
        )
        .order_by(Task.due_at, Task.id)
    )
    return fetch_top(db, query, limit, overdue=Task.due_at < now)

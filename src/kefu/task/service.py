"""Opening and finishing tasks. Opening is idempotent by ``dedupe_key`` so that a
scheduled evaluator may run twice and still make one task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kefu.crm.profile import display_name
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, Forbidden, found
from kefu.kit.ids import new_id
from kefu.kit.paging import PageParams, Top, paged
from kefu.models import Agent, Task
from kefu.models.team import Role
from kefu.models.work import TaskKind, TaskStatus
from kefu.shop import service as shop
from kefu.task import repository
from kefu.task.schemas import TaskFilters, TaskItem
from kefu.team import leads
from kefu.team import service as team_service


def do_open(
    db: Session,
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
        existing = repository.get_by_dedupe_key(db, dedupe_key)
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
    repository.add(db, task)
    return task


def do_finish(db: Session, *, task: Task, status: TaskStatus, note: str | None = None) -> None:
    task.status = status.value
    task.finished_at = clock.now()
    task.result_note = note
    db.flush()


def do_finish_session_tasks(db: Session, *, session_id: str, kind: TaskKind, note: str) -> int:
    """Close the open tasks of one kind about a chat session (e.g. its offline message)."""
    tasks = repository.open_for_session(db, session_id, kind.value)
    for task in tasks:
        do_finish(db, task=task, status=TaskStatus.done, note=note)
    return len(tasks)


LOW_SCORE = 2  # satisfaction scores of 1 or 2 out of 5 are followed up


def do_follow_up_low_score(
    db: Session,
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
        db,
        kind=TaskKind.callback,
        title=f"低分回访：{reason} {score} 分",
        due_at=clock.now() + dt.timedelta(hours=24),
        dedupe_key=f"low-score:{key}",
        group_id=group_id,
        customer_id=customer_id,
        session_id=session_id,
    )


def do_cancel_open(
    db: Session,
    *,
    kind: TaskKind,
    keep: set[str],
    note: str,
    only: Callable[[Task], bool] | None = None,
) -> int:
    """Cancel open tasks of this kind whose order is not in ``keep`` (the reason is gone);
    ``only`` narrows a kind shared by several reasons (call tasks) to one of them."""
    cancelled = 0
    for task in repository.open_of_kind(db, kind.value):
        if only is not None and not only(task):
            continue
        if task.order_id is not None and task.order_id not in keep:
            do_finish(db, task=task, status=TaskStatus.cancelled, note=note)
            cancelled += 1
    return cancelled


def opened_for_customer(
    db: Session,
    *,
    customer_id: str,
    kinds: tuple[TaskKind, ...],
    start: dt.datetime,
    end: dt.datetime,
) -> list[Task]:
    """Tasks of these kinds about the customer opened in [start, end), cancelled ones too."""
    return repository.opened_for_customer(
        db, customer_id, tuple(kind.value for kind in kinds), start, end
    )


def team(db: Session, setting: str) -> str:
    """The group named by a shop setting (``presale_group``, ``aftersale_group``),
    created on first use, for tasks that belong to a team rather than one agent."""
    return team_service.ensure_group(db, group_id=shop.get(db, setting)).id


def open_task_for_order(db: Session, *, kind: TaskKind, order_id: str) -> Task | None:
    return repository.open_for_order(db, kind.value, order_id)


def open_tasks_for_orders(db: Session, *, kind: TaskKind, order_ids: set[str]) -> dict[str, Task]:
    """The open task of this kind about each order (the newest, if several)."""
    if not order_ids:
        return {}
    tasks = repository.open_for_orders(db, kind.value, order_ids)
    return {task.order_id: task for task in tasks if task.order_id is not None}


KIND_LABELS = {
    "payment_reminder": "催付",
    "incident_call": "异常通知电话",
    "cod_confirmation": "货到付款确认",
    "followup_contact": "询单跟进",
    "campaign_alert": "大促发货预警",
    "offline_message": "留言回复",
    "logistics_exception": "物流异常",
    "complaint_followup": "投诉跟进",
    "complaint_escalation": "投诉升级",
    "review_followup": "中差评处理",
    "callback": "回访",
    "care": "关怀回访",
    "shipping_notice": "发货通知",
    "delivery_followup": "签收回访",
    "claims_sheet": "理赔表交财务",
    "ticket_answer": "工单答复",
    "abuse_report": "恶意买家举报",
    "refund_review": "退款审核",
    "hotline_call": "外呼",
}


@dataclass(frozen=True)
class Scope:
    """Whose tasks a list shows: one assignee's, or those of some groups (their queue,
    plus, for a lead, whatever her people hold), or everyone's (all None)."""

    assignee_id: str | None = None
    group_ids: frozenset[str] | None = None
    people: frozenset[str] = frozenset()


def owners_in_scope(db: Session, *, agent: Agent, scope: str) -> Scope:
    """``mine``: assigned to the agent; ``team``: her group's, unassigned ones too (an agent
    in no group has none), and for a lead the groups she leads with every task her people
    hold, so she sees what her 售后组 has open and overdue; ``all``: every task (supervisor
    only)."""
    if scope == "all" and agent.role != Role.supervisor:
        raise Forbidden("只有主管可以查看全部任务", code="supervisor_only")
    if scope not in ("mine", "team", "all"):
        raise BadInput("scope 应为 mine、team 或 all", code="bad_scope")
    if scope == "mine":
        return Scope(assignee_id=agent.id)
    if scope == "all":
        return Scope()
    if leads.is_lead(agent):
        led = leads.managed_group_ids(db, actor=agent) or frozenset()
        if led:
            return Scope(group_ids=led, people=leads.people_in(db, group_ids=led))
    if agent.group_id is None:
        raise BadInput("你不在任何小组，没有本组任务", code="no_group")
    return Scope(group_ids=frozenset({agent.group_id}))


def task_list(
    db: Session, *, agent: Agent, scope: str, filters: TaskFilters, params: PageParams
) -> dict[str, Any]:
    owners = owners_in_scope(db, agent=agent, scope=scope)
    now = clock.now()
    rows, total = repository.task_page(
        db,
        filters,
        assignee_id=owners.assignee_id,
        group_ids=owners.group_ids,
        people=owners.people,
        now=now,
        params=params,
    )
    items = [
        TaskItem(
            **out(task, now=now),
            assignee_name=assignee_name,
            group_name=group_name,
            buyer_name=display_name(task.customer_id, nick, name) if task.customer_id else None,
        )
        for task, assignee_name, group_name, nick, name in rows
    ]
    return paged(items, total, params)


def out(task: Task, *, now: dt.datetime) -> dict[str, Any]:
    """A task as the API shows it."""
    return {
        "id": task.id,
        "kind": task.kind,
        "kind_label": KIND_LABELS.get(task.kind, task.kind),
        "title": task.title,
        "status": task.status,
        "due_at": task.due_at,
        "overdue": task.status == TaskStatus.open and task.due_at < now,
        "assignee_id": task.assignee_id,
        "group_id": task.group_id,
        "customer_id": task.customer_id,
        "order_id": task.order_id,
        "session_id": task.session_id,
        "payload": task.payload,
        "result_note": task.result_note,
        "created_at": task.created_at,
        "finished_at": task.finished_at,
    }


def due_for(db: Session, *, agent: Agent, until: dt.datetime, now: dt.datetime, limit: int) -> Top:
    """The agent's own open tasks due by ``until`` (overdue ones too), the most urgent first."""
    return repository.due_for(db, assignee_id=agent.id, until=until, now=now, limit=limit)


def get_task(db: Session, task_id: str) -> Task:
    return found(repository.get(db, task_id), "没有这个任务", code="task_not_found")


def check_can_finish(agent: Agent, task: Task) -> None:
    if task.status != TaskStatus.open:
        raise Conflict("任务已结束", code="task_finished")
    mine = task.assignee_id == agent.id
    if agent.role == Role.supervisor or mine:
        return
    if task.kind == TaskKind.complaint_escalation:  # escalated to the supervisor (the standard)
        raise Forbidden("投诉升级由主管处理", code="supervisor_only")
    if not (task.assignee_id is None and task.group_id in (agent.group_id, None)):
        raise Forbidden("这不是你或你所在组的任务", code="not_your_task")


def do_finish_by(
    db: Session, *, task: Task, agent: Agent, status: TaskStatus, note: str | None
) -> Task:
    """Done or skipped, by the agent it belongs to (or their group, or the supervisor)."""
    check_can_finish(agent, task)
    if status not in (TaskStatus.done, TaskStatus.skipped):
        raise BadInput("只能标记为完成或跳过", code="bad_status")
    if status == TaskStatus.skipped and not (note or "").strip():
        raise BadInput("跳过需要说明原因", code="note_required")
    do_finish(db, task=task, status=status, note=(note or "").strip() or None)
    task.assignee_id = task.assignee_id or agent.id
    return task


def do_reschedule(db: Session, *, dedupe_key: str, due_at: dt.datetime | None, note: str) -> None:
    """Move the task with this key to a new due time (open again if it was cancelled), or
    cancel it when there is no due time any more; a task done stays done."""
    task = repository.get_by_dedupe_key(db, dedupe_key)
    if task is None or task.status == TaskStatus.done:
        return
    if due_at is None:
        if task.status == TaskStatus.open:
            do_finish(db, task=task, status=TaskStatus.cancelled, note=note)
        return
    task.status, task.finished_at, task.result_note = TaskStatus.open.value, None, None
    task.due_at = clock.ensure_aware(due_at)
    db.flush()


def do_hand_over_case_task(db: Session, *, dedupe_key: str, assignee_id: str) -> None:
    """The open task of a case that changed hands goes to its new holder."""
    task = repository.get_by_dedupe_key(db, dedupe_key)
    if task is not None and task.status == TaskStatus.open:
        task.assignee_id = assignee_id
        db.flush()


def do_finish_case_tasks(db: Session, *, dedupe_key: str, note: str) -> int:
    """Close the open task whose reason is settled (found by its ``dedupe_key``)."""
    task = repository.get_by_dedupe_key(db, dedupe_key)
    if task is None or task.status != TaskStatus.open:
        return 0
    do_finish(db, task=task, status=TaskStatus.done, note=note)
    return 1

"""Tasks over HTTP and their page: mine, my team's, everyone's (supervisor);
done or skipped with a result note."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.kit import clock
from kefu.models import Agent, Task
from kefu.models.team import SERVICE_ROLES
from kefu.models.work import TaskStatus
from kefu.task import service
from kefu.web.templates import render_for_agent

api = make_router(prefix="/api/v1/tasks", tags=["tasks"])
pages = make_router(tags=["pages"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]


class FinishIn(BaseModel):
    status: TaskStatus
    note: str | None = Field(default=None, max_length=2000)


def _out(task: Task) -> dict[str, Any]:
    return {
        "id": task.id,
        "kind": task.kind,
        "kind_label": service.KIND_LABELS.get(task.kind, task.kind),
        "title": task.title,
        "status": task.status,
        "due_at": task.due_at.isoformat(),
        "overdue": task.status == "open" and task.due_at < clock.now(),
        "assignee_id": task.assignee_id,
        "group_id": task.group_id,
        "customer_id": task.customer_id,
        "order_id": task.order_id,
        "session_id": task.session_id,
        "payload": task.payload,
        "result_note": task.result_note,
    }


@api.get("")
def list_tasks(
    db: Db, agent: Staff, scope: str = "mine", status: str = "open"
) -> list[dict[str, Any]]:
    return [_out(t) for t in service.tasks_for(db, agent=agent, scope=scope, status=status)]


@api.post("/{task_id}/finish")
def finish(task_id: str, body: FinishIn, db: Db, agent: Staff) -> dict[str, Any]:
    task = service.do_finish_by(
        db, task=service.get_task(db, task_id), agent=agent, status=body.status, note=body.note
    )
    return _out(task)


@pages.get("/tasks")
def tasks_page(request: Request, db: Db, agent: Staff) -> Response:
    return render_for_agent(request, db, agent, "tasks.html")

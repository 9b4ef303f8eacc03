"""Tasks over HTTP: mine, my team's, everyone's (supervisor);
done or skipped with a result note."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.kit import clock
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES
from kefu.models.work import TaskStatus
from kefu.task import handover, service
from kefu.task.schemas import TaskFilters, TaskItem

api = make_router(prefix="/api/v1/tasks", tags=["tasks"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Page = Annotated[PageParams, Depends(page_params)]


class FinishIn(BaseModel):
    status: TaskStatus
    note: str | None = Field(default=None, max_length=2000)


@api.get("", response_model=Paged[TaskItem])
def list_tasks(
    db: Db,
    agent: Staff,
    page: Page,
    filters: Annotated[TaskFilters, Query()],
    scope: str = "mine",
) -> dict[str, Any]:
    """``scope``: mine, team, or all (supervisor); open ones by default, the earliest due first."""
    return service.task_list(db, agent=agent, scope=scope, filters=filters, params=page)


class AssigneeIn(BaseModel):
    agent_id: str


@api.get("/assignable")
def assignable(db: Db, agent: Staff) -> list[dict[str, str]]:
    """Whom the agent may hand a task to (指派): a lead's own people, anyone for the
    supervisor, nobody for the rest."""
    return handover.assignable(db, actor=agent)


@api.put("/{task_id}/assignee")
def assign(task_id: str, body: AssigneeIn, db: Db, agent: Staff) -> dict[str, Any]:
    """指派/改派 (403 ``assign_forbidden`` for an agent, ``outside_team`` outside a lead's
    groups; 409 once the task is finished)."""
    task = handover.do_assign(
        db, task=service.get_task(db, task_id), actor=agent, agent_id=body.agent_id
    )
    return service.out(task, now=clock.now())


@api.post("/{task_id}/finish")
def finish(task_id: str, body: FinishIn, db: Db, agent: Staff) -> dict[str, Any]:
    task = service.do_finish_by(
        db, task=service.get_task(db, task_id), agent=agent, status=body.status, note=body.note
    )
    return service.out(task, now=clock.now())

"""Handing a task to someone (指派/改派): the lead gives her group's waiting work to one of her
people, or moves it off someone who is away; the supervisor does so for anyone.

Tasks wait in a group's queue (待认领) until somebody claims them, and a 差评处理 can wait
there for days. The lead sees the queue on 本组 and hands each task to a person, who then finds
it under 我的 with its deadline. The change is kept in the audit log (who, from whom, to whom),
as a refund's 处理人 is."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.kit.errors import Conflict
from kefu.models import Agent, Task
from kefu.models.team import SERVICE_ROLES, Role
from kefu.models.work import TaskStatus
from kefu.team import leads

# Who holds tasks: the people who talk to buyers (leads and the supervisor hand them out).
HOLDERS = leads.Holders(
    tuple(role for role in SERVICE_ROLES if role != Role.supervisor),
    "不是在职的客服",
    "not_a_holder",
)


def assignable(db: Session, *, actor: Agent) -> list[dict[str, str]]:
    """The 指派 choices: the enabled people who hold tasks and whom the actor manages."""
    return leads.hand_over_choices(db, actor=actor, roles=HOLDERS.roles)


def do_assign(db: Session, *, task: Task, actor: Agent, agent_id: str) -> Task:
    """``actor`` gives the open ``task`` to ``agent_id``: a lead only between her own people
    (403 ``outside_team``), and only a task of her groups or of her people."""
    if task.status != TaskStatus.open:
        raise Conflict("任务已结束", code="task_finished")
    leads.check_hands_over(db, actor=actor, agent_id=agent_id, current=task.assignee_id)
    if task.assignee_id is None and task.group_id is not None:
        leads.check_manages_group(db, actor=actor, group_id=task.group_id)
    leads.check_receiver(db, agent_id=agent_id, holders=HOLDERS)
    if task.assignee_id == agent_id:
        return task
    detail = leads.hand_over_detail(db, before=task.assignee_id, after=agent_id)
    audit.do_record(db, action="task_assign", actor_id=actor.id, target=task.id, detail=detail)
    task.assignee_id = agent_id
    db.flush()
    return task

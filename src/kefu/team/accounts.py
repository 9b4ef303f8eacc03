"""The supervisor's management of agents and groups (客服与分组).

Agents are never deleted (their names stay on chats, tasks and reports); a disabled
agent cannot log in, and disabling her ends the logins she has open at once. Never
commits: the edge does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, found
from kefu.kit.ids import new_id
from kefu.kit.paging import PageParams, paged, paged_map
from kefu.models import Agent, AgentGroup
from kefu.models.team import ROLE_LABELS, AgentStatus, Role, StatusChangeReason
from kefu.shop import service as shop
from kefu.team import events, leads, repository, throttle
from kefu.team.schemas import AgentIn, AgentPatch, AgentRow, GroupIn, GroupRow
from kefu.team.security import new_password
from kefu.team.service import (
    check_password_strength,
    do_add_agent,
    do_change_status,
    do_set_password,
)

ROUTING_SETTINGS = {"presale_group": "售前", "aftersale_group": "售后"}
STATUS_LABELS = {"online": "在线", "busy": "忙碌", "away": "离开", "offline": "离线"}


@dataclass(frozen=True)
class NewAgent:
    agent: Agent
    password: str | None  # generated here and shown once; None when the caller chose it


def agent_row(agent: Agent, group_name: str | None) -> AgentRow:
    return AgentRow(
        id=agent.id,
        login=agent.login,
        name=agent.name,
        role=Role(agent.role),
        role_label=ROLE_LABELS[Role(agent.role)],
        group_id=agent.group_id,
        group_name=group_name,
        status=agent.status,
        status_label=STATUS_LABELS.get(agent.status, agent.status),
        max_concurrent=agent.max_concurrent,
        active=agent.active,
        created_at=agent.created_at,
    )


def agents_page(
    db: Session,
    *,
    params: PageParams,
    q: str | None = None,
    role: Role | None = None,
    group_id: str | None = None,
    active: bool | None = None,
    status: AgentStatus | None = None,
    actor: Agent | None = None,
) -> dict[str, Any]:
    """A lead's page holds only her own people (no actor: the command line, everyone)."""
    within = leads.managed_agent_ids(db, actor=actor) if actor else None
    rows, total = repository.agent_page(
        db, params, q=q, role=role, group_id=group_id, active=active, status=status, within=within
    )
    logins = [row[0].login for row in rows if row[0].login]
    locked = throttle.locks(db, logins=logins, now=clock.now())
    return paged(
        [
            agent_row(agent, group).model_copy(update={"locked_until": locked.get(agent.login)})
            for agent, group in rows
        ],
        total,
        params,
    )


def do_unlock(db: Session, *, agent: Agent, by: Agent) -> bool:
    """Lift the login lock that wrong passwords put on her account."""
    return throttle.do_unlock(db, login=agent.login or agent.id, by_id=by.id)


def row_of(db: Session, agent: Agent) -> AgentRow:
    group = repository.get_group(db, agent.group_id) if agent.group_id else None
    return agent_row(agent, group.name if group else None)


def get_agent(db: Session, agent_id: str) -> Agent:
    return found(repository.get_agent(db, agent_id), "没有这个客服", code="agent_not_found")


def do_create_agent(db: Session, *, data: AgentIn, create_group: bool = False) -> NewAgent:
    """``kefu agent add`` and the supervisor's form both come here. The form picks an
    existing group; the command line may name a new one (``create_group``)."""
    generated = None if data.password else new_password()
    if data.group_id is not None and not create_group:
        check_group_ref(db, data.group_id)
    agent = do_add_agent(
        db,
        login=data.login,
        role=data.role,
        password=data.password or generated or "",
        name=data.name,
        group_id=data.group_id,
        max_concurrent=data.max_concurrent,
    )
    return NewAgent(agent, generated)


def do_update_agent(db: Session, *, agent: Agent, patch: AgentPatch, by: Agent) -> Agent:
    """Change what the patch names (null leaves a field as it is, except ``group_id``:
    null takes her out of her group). The shop never loses its last active supervisor,
    and nobody disables herself."""
    changes = {
        key: value
        for key, value in patch.model_dump(exclude_unset=True).items()
        if value is not None or key == "group_id"
    }
    if changes.get("group_id") is not None:
        check_group_ref(db, changes["group_id"])
    _check_lead_may(db, by=by, agent=agent, changes=changes)
    stops_supervising = changes.get("role", Role.supervisor) != Role.supervisor or (
        changes.get("active") is False
    )
    if (
        agent.role == Role.supervisor
        and agent.active
        and stops_supervising
        and repository.count_active(db, Role.supervisor) <= 1
    ):
        raise Conflict("店铺至少要保留一名在职主管", code="last_supervisor")
    if changes.get("active") is False and agent.id == by.id:
        raise Conflict("不能停用自己的账号", code="cannot_disable_self")
    active = changes.pop("active", None)
    _audit_update(db, agent=agent, role=changes.get("role"), active=active, by=by)
    for key, value in changes.items():
        setattr(agent, key, value.value if isinstance(value, Role) else value)
    if active is not None:
        agent.active = active
        if not active:
            end_logins(db, agent=agent)
    db.flush()
    return agent


def _check_lead_may(db: Session, *, by: Agent, agent: Agent, changes: dict[str, Any]) -> None:
    """A lead changes only her own people, keeps them within her groups and grants no
    manager role."""
    leads.check_manages(db, actor=by, agent_id=agent.id)
    leads.check_role_grant(actor=by, role=changes.get("role"))
    if "group_id" in changes:
        leads.check_manages_group(db, actor=by, group_id=changes["group_id"])


def _audit_update(
    db: Session, *, agent: Agent, role: Role | None, active: bool | None, by: Agent
) -> None:
    if role is not None and role != agent.role:
        detail = {"from": ROLE_LABELS[Role(agent.role)], "to": ROLE_LABELS[Role(role)]}
        audit.do_record(db, action="role_change", actor_id=by.id, target=agent.id, detail=detail)
    if active is not None and active != agent.active:
        action = "agent_enable" if active else "agent_disable"
        audit.do_record(db, action=action, actor_id=by.id, target=agent.id)


def end_logins(db: Session, *, agent: Agent) -> None:
    """Log the agent out everywhere: her cookies die now, her workbench sockets close,
    and she is offline."""
    repository.delete_login_sessions_of(db, agent.id)
    events.logins_ended(db, agent_id=agent.id)
    do_change_status(db, agent=agent, status=AgentStatus.offline, reason=StatusChangeReason.ended)
    db.flush()


def do_reset_password(
    db: Session, *, agent: Agent, by: Agent, password: str | None = None
) -> str | None:
    """Set the given password or a random one (returned, to be shown once); the
    agent's open logins end, so whoever had the old password is out."""
    generated = None if password else new_password()
    check_password_strength(password or generated or "")
    do_set_password(db, agent=agent, password=password or generated or "")
    end_logins(db, agent=agent)
    detail = {"generated": generated is not None}
    audit.do_record(db, action="password_change", actor_id=by.id, target=agent.id, detail=detail)
    return generated


def groups_page(
    db: Session, *, params: PageParams, actor: Agent | None = None, q: str | None = None
) -> dict[str, Any]:
    """A lead sees the groups she leads; the supervisor (and the command line) all."""
    routing = _routing(db)
    within = leads.managed_group_ids(db, actor=actor) if actor else None
    rows, total = repository.group_page(db, params, q=q, within=within)
    led = leads.leads_by_group(db, group_ids=[row[0].id for row in rows])
    return paged_map(rows, total, params, lambda row: _group_row(row, routing, led))


def group_row(db: Session, group: AgentGroup) -> GroupRow:
    led = leads.leads_by_group(db, group_ids=[group.id])
    return _group_row(repository.group_with_counts(db, group.id), _routing(db), led)


def _routing(db: Session) -> dict[str, str]:
    """Group id → 售前/售后 for the groups the shop routes new chats to."""
    return {shop.get(db, key): label for key, label in ROUTING_SETTINGS.items()}


def _group_row(row: Any, routing: dict[str, str], led: dict[str, list[dict[str, str]]]) -> GroupRow:
    group, agents, active, online = row
    return GroupRow(
        id=group.id,
        name=group.name,
        agents=agents,
        active_agents=active,
        online_agents=online,
        routing=routing.get(group.id),
        leads=led.get(group.id, []),
    )


def get_group(db: Session, group_id: str) -> AgentGroup:
    return found(repository.get_group(db, group_id), f"没有分组 {group_id}", code="group_not_found")


def check_group_ref(db: Session, group_id: str) -> AgentGroup:
    """A group named in a request body: unknown is the request's fault (422)."""
    group = repository.get_group(db, group_id)
    if group is None:
        raise BadInput(f"没有分组 {group_id}，请先新建分组", code="unknown_group")
    return group


def _check_name_free(db: Session, name: str, *, keep: AgentGroup | None = None) -> str:
    name = name.strip()
    if not name:
        raise BadInput("分组名称不能为空", code="bad_group_name")
    other = repository.group_by_name(db, name)
    if other is not None and other is not keep:
        raise Conflict(f"分组 {name} 已存在", code="group_exists")
    return name


def do_create_group(db: Session, *, data: GroupIn) -> AgentGroup:
    name = _check_name_free(db, data.name)
    group = AgentGroup(id=new_id("g"), name=name)
    repository.add(db, group)
    if data.lead_ids is not None:
        leads.do_set_group_leads(db, group_id=group.id, lead_ids=data.lead_ids)
    return group


def do_rename_group(db: Session, *, group: AgentGroup, data: GroupIn) -> AgentGroup:
    group.name = _check_name_free(db, data.name, keep=group)
    if data.lead_ids is not None:
        leads.do_set_group_leads(db, group_id=group.id, lead_ids=data.lead_ids)
    db.flush()
    return group


def do_delete_group(db: Session, *, group: AgentGroup) -> None:
    """Only an empty group that nothing was ever routed to goes: chats and tasks keep
    their group for reports, and the shop's 售前/售后 routing must stay valid."""
    for key, label in ROUTING_SETTINGS.items():
        if shop.get(db, key) == group.id:
            raise Conflict(
                f"分组 {group.name} 是店铺设置里的{label}分流组，请先在店铺设置中改用其他分组",
                code="group_in_use",
            )
    used = repository.group_references(db, group.id)
    if used["agents"]:
        raise Conflict(
            f"分组 {group.name} 还有 {used['agents']} 名客服，请先把他们移到其他分组",
            code="group_not_empty",
        )
    if used["sessions"] or used["tasks"]:
        raise Conflict(
            f"分组 {group.name} 已有 {used['sessions']} 个会话、{used['tasks']} 个任务记录，"
            "不能删除（可以改名）",
            code="group_in_use",
        )
    repository.set_group_leads(db, group.id, [])
    repository.delete_group(db, group)

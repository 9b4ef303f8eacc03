"""Login, who is logged in (the staff app's login page calls these); the
supervisor's agents and groups. Logout is the chat's (chat/endpoints.py): it hands
the agent's buyers on, which the team below the chat cannot."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from kefu import db as edge
from kefu.api.auth import SESSION_COOKIE, Allow, Public, current_login
from kefu.api.routing import get_db, make_router
from kefu.api.text_input import TextCheckedRoute
from kefu.config import get_settings
from kefu.kit import origin
from kefu.kit.errors import NotAuthenticated
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.team import MANAGER_ROLES, ROLE_LABELS, AgentStatus, Role
from kefu.team import accounts, leads, login_flow, service
from kefu.team.schemas import (
    AgentIn,
    AgentOut,
    AgentPatch,
    AgentRow,
    GroupIn,
    GroupRow,
    LoginIn,
    LoginOut,
    MeOut,
    NewAgentOut,
    PasswordIn,
    PasswordOut,
    UnlockOut,
)

api = make_router(prefix="/api/v1", tags=["team"])

Db = Annotated[Session, Depends(get_db)]
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]
# Leads manage their own groups' people (team/leads.py); the supervisor everyone.
Manager = Annotated[Agent, Depends(Allow(*MANAGER_ROLES))]
Paging = Annotated[PageParams, Depends(page_params)]


def _set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.login_session_hours * 3600,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path="/",
    )


# The login is its own edge (no request-wide transaction): it runs short units of
# work around the password check, so the slow Argon2 hash never holds the database.
auth_api = APIRouter(prefix="/api/v1", tags=["team"], route_class=TextCheckedRoute)


@auth_api.post("/auth/login", response_model=LoginOut, dependencies=[Depends(Public())])
async def login_api(body: LoginIn, request: Request, response: Response) -> LoginOut:
    """Throttled per account and per address: 429 with Retry-After (team/throttle.py)."""
    async with request.app.state.login_slots:
        return await _login(body, request, response)


async def _login(body: LoginIn, request: Request, response: Response) -> LoginOut:
    state = request.app.state
    address = request.client.host if request.client else None
    origin.client_address.set(address)
    found, wait = await edge.run(
        state, lambda db: login_flow.check(db, login=body.login, address=address)
    )
    if wait.seconds:
        raise wait.refusal()
    if not await run_in_threadpool(found.match, body.password):
        await edge.run(state, lambda db: login_flow.do_fail(db, login=body.login, address=address))
        raise NotAuthenticated("账号或密码错误", code="bad_credentials")
    assert found.agent_id is not None
    agent_id, hours = found.agent_id, get_settings().login_session_hours
    token, out = await edge.run(
        state,
        lambda db: login_flow.do_succeed(db, login=body.login, agent_id=agent_id, hours=hours),
    )
    _set_session_cookie(response, token)
    return out


@api.get("/auth/me", response_model=MeOut)
def me(request: Request, db: Db, agent: Annotated[Agent, Depends(Allow())]) -> MeOut:
    """What the staff app needs on every page load: who, in which role and group, the token
    for writes, and the shop's name and time zone (times are shown in the shop's zone)."""
    settings = get_settings()
    return MeOut(
        **AgentOut.model_validate(agent).model_dump(),
        role_label=ROLE_LABELS[Role(agent.role)],
        group_name=service.group_name(db, group_id=agent.group_id),
        led_group_names=leads.led_group_names(db, agent=agent),
        csrf_token=current_login(request, db).csrf_token,
        shop_name=settings.shop_name,
        shop_timezone=settings.shop_timezone,
    )


@api.get("/agents", response_model=Paged[AgentRow])
def list_agents(
    db: Db,
    agent: Manager,
    paging: Paging,
    q: str | None = None,
    role: Role | None = None,
    group: str | None = None,
    active: bool | None = None,
    status: AgentStatus | None = None,
) -> dict[str, Any]:
    return accounts.agents_page(
        db, params=paging, q=q, role=role, group_id=group, active=active, status=status, actor=agent
    )


@api.post("/agents", response_model=NewAgentOut, status_code=201)
def add_agent(body: AgentIn, db: Db, _agent: Supervisor) -> NewAgentOut:
    new = accounts.do_create_agent(db, data=body)
    return NewAgentOut(agent=accounts.row_of(db, new.agent), password=new.password)


@api.get("/agents/{agent_id}", response_model=AgentRow)
def get_agent(agent_id: str, db: Db, agent: Manager) -> AgentRow:
    leads.check_manages(db, actor=agent, agent_id=agent_id)
    return accounts.row_of(db, accounts.get_agent(db, agent_id))


@api.patch("/agents/{agent_id}", response_model=AgentRow)
def update_agent(agent_id: str, body: AgentPatch, db: Db, agent: Manager) -> AgentRow:
    changed = accounts.do_update_agent(
        db, agent=accounts.get_agent(db, agent_id), patch=body, by=agent
    )
    return accounts.row_of(db, changed)


@api.post("/agents/{agent_id}/unlock", response_model=UnlockOut)
def unlock_agent(agent_id: str, db: Db, agent: Manager) -> UnlockOut:
    """解除锁定: lift the login lock that wrong passwords put on the account."""
    leads.check_manages(db, actor=agent, agent_id=agent_id)
    unlocked = accounts.do_unlock(db, agent=accounts.get_agent(db, agent_id), by=agent)
    return UnlockOut(unlocked=unlocked)


@api.post("/agents/{agent_id}/reset-password", response_model=PasswordOut)
def reset_password(agent_id: str, body: PasswordIn, db: Db, agent: Manager) -> PasswordOut:
    leads.check_manages(db, actor=agent, agent_id=agent_id)
    password = accounts.do_reset_password(
        db, agent=accounts.get_agent(db, agent_id), by=agent, password=body.password
    )
    return PasswordOut(password=password)


@api.get("/groups", response_model=Paged[GroupRow])
def list_groups(db: Db, agent: Manager, paging: Paging, q: str | None = None) -> dict[str, Any]:
    return accounts.groups_page(db, params=paging, q=q, actor=agent)


@api.post("/groups", response_model=GroupRow, status_code=201)
def add_group(body: GroupIn, db: Db, _agent: Supervisor) -> GroupRow:
    return accounts.group_row(db, accounts.do_create_group(db, data=body))


@api.patch("/groups/{group_id}", response_model=GroupRow)
def rename_group(group_id: str, body: GroupIn, db: Db, _agent: Supervisor) -> GroupRow:
    group = accounts.do_rename_group(db, group=accounts.get_group(db, group_id), data=body)
    return accounts.group_row(db, group)


@api.delete("/groups/{group_id}", status_code=204)
def delete_group(group_id: str, db: Db, _agent: Supervisor) -> Response:
    accounts.do_delete_group(db, group=accounts.get_group(db, group_id))
    return Response(status_code=204)

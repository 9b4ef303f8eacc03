"""Login, logout, who is logged in, and agent listing (the staff app's login page calls these)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session

from kefu.api.auth import SESSION_COOKIE, Allow, Public, current_login
from kefu.api.routing import get_db, make_router
from kefu.chat import presence
from kefu.config import get_settings
from kefu.models import Agent
from kefu.models.team import ROLE_LABELS, Role
from kefu.team import service
from kefu.team.schemas import AgentOut, LoginIn, LoginOut, MeOut
from kefu.team.security import hash_token

api = make_router(prefix="/api/v1", tags=["team"])

Db = Annotated[Session, Depends(get_db)]


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


@api.post("/auth/login", response_model=LoginOut, dependencies=[Depends(Public())])
def login_api(body: LoginIn, response: Response, db: Db) -> LoginOut:
    login = service.do_login(
        db, login=body.login, password=body.password, hours=get_settings().login_session_hours
    )
    _set_session_cookie(response, login.token)
    return LoginOut(
        agent=AgentOut.model_validate(login.login_session.agent),
        csrf_token=login.login_session.csrf_token,
    )


def _log_out(request: Request, db: Session, agent: Agent) -> None:
    """End this login: its workbench sockets close; her last one makes her 离线."""
    token = request.cookies[SESSION_COOKIE]
    went_offline = service.do_logout(db, token=token)
    presence.do_logged_out(db, agent=agent, login=hash_token(token), went_offline=went_offline)


@api.post("/auth/logout", status_code=204)
def logout_api(request: Request, db: Db, agent: Annotated[Agent, Depends(Allow())]) -> Response:
    _log_out(request, db, agent)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@api.get("/auth/me", response_model=MeOut)
def me(request: Request, db: Db, agent: Annotated[Agent, Depends(Allow())]) -> MeOut:
    """What the staff app needs on every page load: who, in which role and group, the token
    for writes, and the shop's name and time zone (times are shown in the shop's zone)."""
    settings = get_settings()
    return MeOut(
        **AgentOut.model_validate(agent).model_dump(),
        role_label=ROLE_LABELS[Role(agent.role)],
        group_name=service.group_name(db, group_id=agent.group_id),
        csrf_token=current_login(request, db).csrf_token,
        shop_name=settings.shop_name,
        shop_timezone=settings.shop_timezone,
    )


@api.get("/agents", response_model=list[AgentOut])
def list_agents(db: Db, _agent: Annotated[Agent, Depends(Allow(Role.supervisor))]) -> list[Agent]:
    return service.list_agents(db)

"""Login, logout and agent listing: JSON API and the HTML login form."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from kefu.api.auth import CSRF_FORM_FIELD, SESSION_COOKIE, Allow, Public, current_login
from kefu.api.routing import get_db, make_router
from kefu.chat import presence
from kefu.config import get_settings
from kefu.kit.errors import Forbidden, NotAuthenticated
from kefu.models import Agent
from kefu.models.team import Role
from kefu.team import service
from kefu.team.schemas import AgentOut, LoginIn, LoginOut
from kefu.team.security import hash_token, new_token, tokens_match
from kefu.web.templates import render, render_for_agent

api = make_router(prefix="/api/v1", tags=["team"])
pages = make_router(include_in_schema=False)

Db = Annotated[Session, Depends(get_db)]
PRE_LOGIN_CSRF_COOKIE = "kefu_login_csrf"


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


@api.get("/auth/me", response_model=AgentOut)
def me(agent: Annotated[Agent, Depends(Allow())]) -> Agent:
    return agent


@api.get("/agents", response_model=list[AgentOut])
def list_agents(db: Db, _agent: Annotated[Agent, Depends(Allow(Role.supervisor))]) -> list[Agent]:
    return service.list_agents(db)


@pages.get("/login", response_class=HTMLResponse, dependencies=[Depends(Public())])
def login_page(request: Request, next: str = "/", error: str | None = None) -> Response:
    csrf = request.cookies.get(PRE_LOGIN_CSRF_COOKIE) or new_token()
    response = render(request, "login.html", next=_safe_next(next), error=error, csrf_token=csrf)
    response.set_cookie(
        PRE_LOGIN_CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/login"
    )
    return response


@pages.post("/login", dependencies=[Depends(Public())])
def login_form(
    request: Request,
    db: Db,
    login: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    csrf_token: Annotated[str, Form(alias=CSRF_FORM_FIELD)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    if not tokens_match(csrf_token, request.cookies.get(PRE_LOGIN_CSRF_COOKIE)):
        raise Forbidden("表单已过期，请刷新页面后重试", code="csrf_failed")
    try:
        result = service.do_login(
            db, login=login, password=password, hours=get_settings().login_session_hours
        )
    except NotAuthenticated as exc:
        return render(
            request,
            "login.html",
            next=_safe_next(next),
            error=exc.reason,
            csrf_token=csrf_token,
            status_code=401,
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_session_cookie(response, result.token)
    return response


@pages.post("/logout")
def logout_form(
    request: Request,
    db: Db,
    csrf_token: Annotated[str, Form(alias=CSRF_FORM_FIELD)],
    agent: Annotated[Agent, Depends(Allow())],
) -> Response:
    if not tokens_match(csrf_token, current_login(request, db).csrf_token):
        raise Forbidden("表单已过期，请刷新页面后重试", code="csrf_failed")
    _log_out(request, db, agent)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@pages.get("/", response_class=HTMLResponse)
def home(request: Request, db: Db, agent: Annotated[Agent, Depends(Allow())]) -> Response:
    return render_for_agent(request, db, agent, "home.html")


def _safe_next(target: str) -> str:
    """Only same-site paths, so the login form can't be used as an open redirect."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"

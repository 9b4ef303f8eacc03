"""Access control. Every route declares who may call it with ``Allow(...)``,
``BuyerAuth()`` or ``Public()``; ``assert_every_route_guarded`` refuses to start an app with a route
that declares neither, so access is denied by default."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from starlette.routing import BaseRoute

from kefu.api.buyer_auth import check_buyer_token
from kefu.api.routing import get_db
from kefu.kit.errors import Forbidden
from kefu.models import Agent, LoginSession
from kefu.models.team import Role
from kefu.team import service as team_service
from kefu.team.security import tokens_match

SESSION_COOKIE = "kefu_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FORM_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ANY_ROLE = frozenset(Role)


class Allow:
    """Dependency: the logged-in agent, if their role is one of ``roles``.

    Unsafe API calls must also carry the login's CSRF token in ``X-CSRF-Token``;
    HTML form posts check the ``csrf_token`` field themselves.
    """

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles) or ANY_ROLE

    def __call__(self, request: Request, db: Annotated[Session, Depends(get_db)]) -> Agent:
        login_session = current_login(request, db)
        is_api_write = request.method in UNSAFE_METHODS and request.url.path.startswith("/api/")
        if is_api_write and not tokens_match(
            request.headers.get(CSRF_HEADER), login_session.csrf_token
        ):
            raise Forbidden("缺少或错误的 CSRF 令牌", code="csrf_failed")
        agent = login_session.agent
        if Role(agent.role) not in self.roles:
            raise Forbidden("您的角色无权访问此功能", code="role_forbidden")
        return agent


class Public:
    """Dependency marking a route that anybody may call."""

    def __call__(self) -> None:
        return None


class BuyerAuth:
    """Dependency: the customer id of a buyer (``Authorization: Bearer <buyer token>``).

    Buyers send no cookies, so their requests need no CSRF token.
    """

    def __call__(self, request: Request) -> str:
        header = request.headers.get("authorization", "")
        token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None
        return check_buyer_token(token or request.query_params.get("token"))


def current_login(request: Request, db: Session) -> LoginSession:
    cached = getattr(request.state, "login_session", None)
    if cached is not None:
        return cached
    login_session = team_service.check_login_token(db, token=request.cookies.get(SESSION_COOKIE))
    request.state.login_session = login_session
    return login_session


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI keeps them nested)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        nested = getattr(route, "original_router", None)
        if nested is not None:
            yield from api_routes(nested.routes)


def assert_every_route_guarded(app: FastAPI) -> None:
    unguarded = [
        f"{sorted(route.methods)} {route.path}"
        for route in api_routes(app.routes)
        if not _is_guarded(route.dependant)
    ]
    if unguarded:
        raise RuntimeError(f"routes without Allow(...) or Public(): {unguarded}")


def _is_guarded(dependant: Dependant) -> bool:
    return any(
        isinstance(dep.call, Allow | Public | BuyerAuth) or _is_guarded(dep)
        for dep in dependant.dependencies
    )

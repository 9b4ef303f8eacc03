"""Dashboard pages for supervisors (主管) and quality inspectors (质检)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kefu.api.auth import Allow, current_login
from kefu.api.routing import get_db, make_router
from kefu.models import Agent
from kefu.models.team import ROLE_LABELS, Role
from kefu.web.templates import render

pages = make_router(include_in_schema=False)
Viewer = Annotated[Agent, Depends(Allow(Role.supervisor, Role.qc))]
Db = Annotated[Session, Depends(get_db)]


def _page(
    request: Request, db: Session, agent: Agent, template: str, **context: object
) -> Response:
    return render(
        request,
        template,
        agent=agent,
        role_label=ROLE_LABELS[Role(agent.role)],
        csrf_token=current_login(request, db).csrf_token,
        **context,
    )


@pages.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, db: Db, agent: Viewer) -> Response:
    return _page(request, db, agent, "dashboard.html")


@pages.get("/dashboard/sessions", response_class=HTMLResponse)
def sessions(request: Request, db: Db, agent: Viewer) -> Response:
    return _page(request, db, agent, "sessions.html")


@pages.get("/dashboard/sessions/{session_id}", response_class=HTMLResponse)
def transcript(session_id: str, request: Request, db: Db, agent: Viewer) -> Response:
    return _page(request, db, agent, "transcript.html", session_id=session_id)


@pages.get("/reports", response_class=HTMLResponse)
def reports(request: Request, db: Db, agent: Viewer) -> Response:
    return _page(request, db, agent, "reports.html")

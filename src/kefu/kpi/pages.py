"""Dashboard pages for supervisors (主管) and quality inspectors (质检)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.models import Agent
from kefu.models.team import Role
from kefu.web.templates import render_for_agent

pages = make_router(include_in_schema=False)
Viewer = Annotated[Agent, Depends(Allow(Role.supervisor, Role.qc))]
Db = Annotated[Session, Depends(get_db)]


@pages.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, db: Db, agent: Viewer) -> Response:
    return render_for_agent(request, db, agent, "dashboard.html")


@pages.get("/dashboard/sessions", response_class=HTMLResponse)
def sessions(request: Request, db: Db, agent: Viewer) -> Response:
    return render_for_agent(request, db, agent, "sessions.html")


@pages.get("/dashboard/sessions/{session_id}", response_class=HTMLResponse)
def transcript(session_id: str, request: Request, db: Db, agent: Viewer) -> Response:
    return render_for_agent(request, db, agent, "transcript.html", session_id=session_id)


@pages.get("/reports", response_class=HTMLResponse)
def reports(request: Request, db: Db, agent: Viewer) -> Response:
    return render_for_agent(request, db, agent, "reports.html")

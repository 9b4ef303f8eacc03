"""Pages: the agent workbench (/workbench), the supervisor's live view (/supervisor).
The buyer's chat page is the built web/chat.html (kefu/web/spa.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES, Role
from kefu.web.templates import render_for_agent

pages = make_router(include_in_schema=False)
Db = Annotated[Session, Depends(get_db)]


@pages.get("/workbench", response_class=HTMLResponse)
def workbench(
    request: Request, db: Db, agent: Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
) -> Response:
    return render_for_agent(request, db, agent, "workbench.html")


@pages.get("/supervisor", response_class=HTMLResponse)
def supervisor(
    request: Request, db: Db, agent: Annotated[Agent, Depends(Allow(Role.supervisor))]
) -> Response:
    return render_for_agent(request, db, agent, "supervisor.html")

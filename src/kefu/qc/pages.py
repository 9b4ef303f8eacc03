"""QC pages: the reviewer's queue and sheet (/qc), an agent's own results (/qc/mine)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.models import Agent
from kefu.qc.review import REVIEWERS
from kefu.web.templates import render_for_agent

pages = make_router(include_in_schema=False)
Db = Annotated[Session, Depends(get_db)]


@pages.get("/qc", response_class=HTMLResponse)
def queue(
    request: Request, db: Db, agent: Annotated[Agent, Depends(Allow(*REVIEWERS))]
) -> Response:
    return render_for_agent(request, db, agent, "qc.html")


@pages.get("/qc/mine", response_class=HTMLResponse)
def mine(request: Request, db: Db, agent: Annotated[Agent, Depends(Allow())]) -> Response:
    return render_for_agent(request, db, agent, "qc_mine.html")

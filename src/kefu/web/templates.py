"""Jinja2 pages. Autoescaping is on: text from buyers is never HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.responses import Response

from kefu.config import get_settings
from kefu.models import Agent
from kefu.models.team import ROLE_LABELS, Role

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

_templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def render_for_agent(
    request: Request, db: Session, agent: Agent, name: str, **context: Any
) -> Response:
    """A page for a logged-in agent: their name, role label and the form token."""
    from kefu.api.auth import current_login  # the web layer sits above the API plumbing

    return render(
        request,
        name,
        agent=agent,
        role_label=ROLE_LABELS[Role(agent.role)],
        csrf_token=current_login(request, db).csrf_token,
        **context,
    )


def render(request: Request, name: str, *, status_code: int = 200, **context: Any) -> Response:
    context.setdefault("shop_name", get_settings().shop_name)
    return _templates.TemplateResponse(request, name, context, status_code=status_code)

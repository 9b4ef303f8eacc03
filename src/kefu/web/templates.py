"""Jinja2 pages. Autoescaping is on: text from buyers is never HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from kefu.config import get_settings

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

_templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def render(request: Request, name: str, *, status_code: int = 200, **context: Any) -> Response:
    context.setdefault("shop_name", get_settings().shop_name)
    return _templates.TemplateResponse(request, name, context, status_code=status_code)

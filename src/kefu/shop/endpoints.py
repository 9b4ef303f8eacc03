"""Shop settings for the supervisor: each one's value with what the settings page
needs to render a form for it (label, help, kind, bounds, choices)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from pydantic import BaseModel
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.models import Agent
from kefu.models.team import Role
from kefu.shop import service

api = make_router(prefix="/api/v1/shop", tags=["shop"])
Db = Annotated[Session, Depends(get_db)]
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]


class SettingIn(BaseModel):
    value: Any


@api.get("/settings")
def list_settings(db: Db, _agent: Supervisor) -> list[dict[str, Any]]:
    """``[{key, label, help, kind, value, default, min, max, choices}]``."""
    return service.form(db)


@api.get("/settings/{key}")
def get_setting(key: str, db: Db, _agent: Supervisor) -> dict[str, Any]:
    return service.form_field(db, key)


@api.put("/settings/{key}", status_code=204)
def set_setting(key: str, body: SettingIn, db: Db, agent: Supervisor) -> None:
    """Stored checked and normalised (GET it back to see the stored form); a bad value
    is a 422 naming the setting and what is wrong, an unknown key a 404."""
    service.do_change(db, key=key, value=body.value, by=agent)

"""Shop settings for the supervisor: working hours, greeting, groups…"""

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
def list_settings(db: Db, _agent: Supervisor) -> dict[str, Any]:
    return {key: service.get(db, key) for key in service.DEFAULTS}


@api.put("/settings/{key}", status_code=204)
def set_setting(key: str, body: SettingIn, db: Db, _agent: Supervisor) -> None:
    service.do_set(db, key=key, value=body.value)

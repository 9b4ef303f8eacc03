"""Surge mode over HTTP: its state for every staff page that adapts to it (the
dashboard's refresh, the workbench's pinned phrases), and the supervisor's switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.models import Agent
from kefu.models.team import Role
from kefu.surge import service
from kefu.surge.schemas import SurgeOut, SwitchIn

api = make_router(prefix="/api/v1/surge", tags=["surge"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow())]
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]


@api.get("", response_model=SurgeOut)
def surge_state(db: Db, _agent: Staff) -> SurgeOut:
    return service.state(db)


@api.put("", response_model=SurgeOut)
def switch_surge(body: SwitchIn, db: Db, agent: Supervisor) -> SurgeOut:
    service.do_switch(db, on=body.on, by=agent)
    return service.state(db)

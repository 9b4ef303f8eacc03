"""Surge mode over HTTP: its state for every staff page that adapts to it (the
dashboard's refresh, the workbench's pinned phrases). The supervisor's switch is the
chat's (chat/endpoints.py): switching moves the waiting buyers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.models import Agent
from kefu.surge import service
from kefu.surge.schemas import SurgeOut

api = make_router(prefix="/api/v1/surge", tags=["surge"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow())]


@api.get("", response_model=SurgeOut)
def surge_state(db: Db, _agent: Staff) -> SurgeOut:
    return service.state(db)

"""Quality inspection over HTTP: the workbench's pre-send check; session results."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES, Role
from kefu.qc import service
from kefu.qc.schemas import CheckIn, CheckOut, SessionQcOut

api = make_router(prefix="/api/v1/qc", tags=["qc"])
Db = Annotated[Session, Depends(get_db)]


@api.post("/check", response_model=CheckOut)
def check(
    body: CheckIn, db: Db, _agent: Annotated[Agent, Depends(Allow(*SERVICE_ROLES, Role.qc))]
) -> CheckOut:
    """Which text rules a draft reply breaks. A warning only: the agent may still send it."""
    return service.check_text(db, text=body.text)


@api.get("/rules")
def rules(
    db: Db, _agent: Annotated[Agent, Depends(Allow(*SERVICE_ROLES, Role.qc))]
) -> list[dict[str, object]]:
    """The shop's rules as in force (ids from shared/spec/qc-rules.md, names in Chinese)."""
    return service.rules_in_force(db)


@api.get("/sessions/{session_id}", response_model=SessionQcOut)
def session_result(
    session_id: str, db: Db, _agent: Annotated[Agent, Depends(Allow(Role.qc, Role.supervisor))]
) -> SessionQcOut:
    return service.recorded(db, session_id=session_id) or service.inspect_session(
        db, session_id=session_id
    )

"""The notification summary over HTTP, for the staff app's shell."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.models import Agent
from kefu.notify import queries
from kefu.notify.schemas import NotificationsOut

api = make_router(prefix="/api/v1/notifications", tags=["notifications"])
Db = Annotated[Session, Depends(get_db)]


@api.get("", response_model=NotificationsOut)
def notifications(
    db: Db,
    agent: Annotated[Agent, Depends(Allow())],
    within_hours: Annotated[int, Query(ge=1, le=72)] = 2,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> NotificationsOut:
    """The agent's work due within ``within_hours`` or overdue: counts and the first ``limit``."""
    return queries.summary(db, agent=agent, within=dt.timedelta(hours=within_hours), limit=limit)

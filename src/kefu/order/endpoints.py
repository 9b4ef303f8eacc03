"""Logistics over HTTP: courier scans in batches (JSON or CSV), a parcel the buyer
never received, and the lost-parcel report per courier and month."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Body, Depends, UploadFile
from pydantic import BaseModel
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.api.uploads import read_csv
from kefu.kit.errors import BadInput
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES, Role
from kefu.order import logistics
from kefu.order import service as order_service

api = make_router(prefix="/api/v1", tags=["logistics"])
Db = Annotated[Session, Depends(get_db)]
# A courier integration logs in as a service account with one of these roles.
Pusher = Annotated[Agent, Depends(Allow(Role.order_review, Role.aftersale, Role.supervisor))]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
MAX_CSV_BYTES = 5 * 1024 * 1024


class NotReceivedIn(BaseModel):
    note: str | None = None


@api.post("/logistics/events")
def push_events(db: Db, _agent: Pusher, items: Annotated[Any, Body()]) -> dict[str, int]:
    """A batch of scans (a JSON array); a bad item refuses the batch with its ``index``;
    the same batch again adds nothing."""
    return logistics.do_record_batch(db, items=items)


@api.post("/logistics/events.csv")
async def import_events(file: UploadFile, db: Db, _agent: Pusher) -> dict[str, int]:
    """``order_id,tracking_no,at,status,description,location``; all or nothing."""
    return logistics.do_import_csv(db, data=await read_csv(file, max_bytes=MAX_CSV_BYTES))


@api.post("/orders/{order_id}/not-received", status_code=204)
def not_received(order_id: str, body: NotReceivedIn, db: Db, agent: Staff) -> None:
    """The buyer says the signed parcel never arrived: an after-sales exception task."""
    order = order_service.get_order(db, order_id=order_id)
    logistics.do_report_not_received(db, order=order, agent=agent, note=body.note)


@api.get("/logistics/lost")
def lost(db: Db, _agent: Staff, month: str) -> dict[str, Any]:
    """Lost parcels of the month (``2026-11``) per courier, for the claim."""
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise BadInput("月份格式应为 2026-11", code="bad_month") from None
    return logistics.lost_parcels(db, month=first)

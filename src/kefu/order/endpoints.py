"""Orders over HTTP: find, flag, change the address, cancel, the timeline and the
order page; logistics: courier scans in batches (JSON or CSV), a parcel the buyer
never received, and the lost-parcel report per courier and month."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Body, Depends, Query, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.api.uploads import read_csv
from kefu.kit.dates import check_day
from kefu.kit.errors import BadInput
from kefu.kit.filters import Many
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent, Order
from kefu.models.team import AFTERSALE_DESK, SERVICE_ROLES, Role
from kefu.order import actions, logistics, notices, order_review, printing, worklist
from kefu.order import service as order_service
from kefu.order.page import order_page, review_rows
from kefu.order.schemas import OrderFilters, OrderListItem
from kefu.task import service as task_service

api = make_router(prefix="/api/v1", tags=["orders"])
Db = Annotated[Session, Depends(get_db)]
# A courier integration logs in as a service account with one of these roles.
Pusher = Annotated[Agent, Depends(Allow(Role.order_review, *AFTERSALE_DESK, Role.supervisor))]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Page = Annotated[PageParams, Depends(page_params)]
MAX_CSV_BYTES = 5 * 1024 * 1024


class NotReceivedIn(BaseModel):
    note: str | None = None


@api.post("/logistics/events")
def push_events(db: Db, _agent: Pusher, items: Annotated[Any, Body()]) -> dict[str, int]:
    """A batch of scans (a JSON array); a bad item refuses the batch with its ``index``;
    the same batch again adds nothing."""
    return logistics.do_record_batch(db, items=items)


@api.post("/logistics/events.csv")
def import_events(file: UploadFile, db: Db, _agent: Pusher) -> dict[str, int]:
    """``order_id,tracking_no,at,status,description,location``; all or nothing."""
    return logistics.do_import_csv(db, data=read_csv(file, max_bytes=MAX_CSV_BYTES))


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
    try:
        check_day(first)
    except ValueError as exc:
        raise BadInput(str(exc), code="bad_month") from None
    return logistics.lost_parcels(db, month=first)


class FlagIn(BaseModel):
    colour: str
    text: str = Field(min_length=1, max_length=500)


class AddressIn(BaseModel):
    address: str = Field(min_length=1, max_length=255)
    receiver_name: str = Field(min_length=1, max_length=64)
    receiver_phone: str = Field(min_length=1, max_length=32)


class CancelIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


def _order_out(db: Session, order: Order, agent: Agent) -> dict[str, Any]:
    return order_page(db, order=order, agent=agent)


@api.get("/orders", response_model=Paged[OrderListItem])
def list_orders(
    db: Db, _agent: Staff, page: Page, filters: Annotated[OrderFilters, Query()]
) -> dict[str, Any]:
    """Orders, newest first; ``q`` finds one by order id, tracking number, phone or nick."""
    return worklist.order_list(db, filters=filters, params=page)


@api.get("/orders/{order_id}")
def get_order(order_id: str, db: Db, agent: Staff) -> dict[str, Any]:
    """The order page's data, with the actions this agent may take now (``allowed_actions``)."""
    return _order_out(db, order_service.get_order(db, order_id=order_id), agent)


@api.post("/orders/{order_id}/flags", status_code=201)
def flag(order_id: str, body: FlagIn, db: Db, agent: Staff) -> dict[str, Any]:
    order = order_service.get_order(db, order_id=order_id)
    actions.do_flag(db, order=order, colour=body.colour, text=body.text, author=agent)
    return _order_out(db, order, agent)


@api.put("/orders/{order_id}/address")
def change_address(order_id: str, body: AddressIn, db: Db, agent: Staff) -> dict[str, Any]:
    """Refused once shipped (409); the address must parse, the phone be valid and
    the province inside the courier's coverage (422)."""
    order = order_service.get_order(db, order_id=order_id)
    actions.do_change_address(
        db,
        order=order,
        text=body.address,
        receiver_name=body.receiver_name,
        receiver_phone=body.receiver_phone,
        actor=agent,
    )
    return _order_out(db, order, agent)


@api.post("/orders/{order_id}/cancel")
def cancel(order_id: str, body: CancelIn, db: Db, agent: Staff) -> dict[str, Any]:
    order = order_service.get_order(db, order_id=order_id)
    actions.do_cancel(db, order=order, reason=body.reason, actor=agent)
    return _order_out(db, order, agent)


Reviewer = Annotated[Agent, Depends(Allow(*order_review.REVIEW_ROLES))]


class ReviewIn(BaseModel):
    remark_read: bool = False
    gifts_checked: bool = False  # free lines (赠品) are in the parcel
    invoice_checked: bool = False  # the invoice request's title and amount were read
    packs: int = 1  # parcels the order leaves in; shipping must count as many


@api.get("/order-review")
def review_queue(db: Db, _agent: Reviewer) -> list[dict[str, Any]]:
    """Paid orders waiting to ship, most urgent first, with what blocks them."""
    return review_rows(db)


@api.get("/order-review/print")
def print_sheet(db: Db, _agent: Reviewer, ids: Annotated[Many[str], Query()]) -> dict[str, Any]:
    """Picking list and waybill data of reviewed orders, for the print page."""
    return printing.print_sheet(db, order_ids=ids)


@api.post("/orders/{order_id}/review")
def review_order(order_id: str, body: ReviewIn, db: Db, agent: Reviewer) -> dict[str, Any]:
    order = order_service.get_order(db, order_id=order_id)
    checked = order_review.Checked(**body.model_dump())
    order_review.do_review(db, order=order, checked=checked, reviewer=agent)
    return _order_out(db, order, agent)


@api.post("/orders/ship")
def ship(db: Db, agent: Reviewer, items: Annotated[Any, Body()]) -> dict[str, int]:
    """Mark reviewed orders shipped (``order_id, courier, tracking_no``), all or nothing."""
    return {"shipped": order_review.do_ship_batch(db, items=items, actor=agent)}


@api.post("/orders/ship.csv")
def ship_csv(file: UploadFile, db: Db, agent: Reviewer) -> dict[str, int]:
    text = read_csv(file, max_bytes=MAX_CSV_BYTES)
    return {"shipped": order_review.do_ship_csv(db, data=text, actor=agent)}


class QuantityIn(BaseModel):
    qty: int


@api.put("/orders/{order_id}/items/{line_no}")
def change_quantity(
    order_id: str, line_no: int, body: QuantityIn, db: Db, agent: Staff
) -> dict[str, Any]:
    """Change an item's quantity before shipping (logged; shown in the review queue)."""
    order = order_service.get_order(db, order_id=order_id)
    actions.do_change_quantity(db, order=order, line_no=line_no, qty=body.qty, actor=agent)
    return _order_out(db, order, agent)


@api.post("/tasks/{task_id}/send")
def send_task_message(task_id: str, db: Db, agent: Staff) -> dict[str, str]:
    """Send a notice task's message into the buyer's open chat and finish the task."""
    task = notices.do_send(db, task=task_service.get_task(db, task_id), agent=agent)
    return {"id": task.id, "status": task.status}

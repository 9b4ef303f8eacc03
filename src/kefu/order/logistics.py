"""Logistics (物流): courier scans pushed by any courier integration, in batches,
idempotently; a CSV import of the same; a buyer who says a signed parcel never
arrived; and the month-end report of lost parcels per courier (for the claim).

A batch is checked whole before anything is written: one bad item refuses the
batch with that item's index (0-based), so a courier can fix and resend it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit import clock
from kefu.kit.batches import item_error, parse_items
from kefu.kit.dates import Moment
from kefu.kit.errors import BadInput, Conflict, csv_line_error
from kefu.models import Agent, Order
from kefu.models.order import OrderStatus, TrackingStatus
from kefu.models.work import TaskKind
from kefu.order import repository
from kefu.order import service as order_service
from kefu.task import service as task_service

MAX_BATCH = 1000
SENT = (OrderStatus.shipped.value, OrderStatus.delivered.value)


class EventIn(BaseModel):
    """One scan: the order it belongs to (or its tracking number), when, what."""

    order_id: str | None = Field(default=None, max_length=64)
    tracking_no: str | None = Field(default=None, max_length=64)
    at: Moment  # a time without its zone is refused
    status: TrackingStatus
    description: str = Field(min_length=1, max_length=500)
    location: str | None = Field(default=None, max_length=128)


@dataclass(frozen=True)
class Checked:
    order: Order
    event: EventIn


def check_batch(db: Session, items: list[Any]) -> list[Checked]:
    checked = []
    for index, event in enumerate(
        parse_items(items, EventIn, code="bad_event", max_items=MAX_BATCH)
    ):
        order = _order_of(db, event)
        if order is None:
            raise item_error(index, "找不到订单或运单号", code="unknown_order")
        checked.append(Checked(order, event))
    return checked


def _order_of(db: Session, event: EventIn) -> Order | None:
    if event.order_id:
        return repository.order(db, event.order_id)
    if event.tracking_no:
        return repository.by_tracking_no(db, event.tracking_no)
    return None


def do_record_batch(db: Session, *, items: list[Any]) -> dict[str, int]:
    """Record a batch of scans; the same scan again is not stored twice."""
    added = 0
    for one in check_batch(db, items):
        added += order_service.do_record_tracking(
            db,
            order_id=one.order.id,
            at=one.event.at,
            status=one.event.status,
            description=one.event.description,
            location=one.event.location,
        )
        if one.event.status == TrackingStatus.delivered and one.order.delivered_at is None:
            one.order.delivered_at = one.event.at
            one.order.status = "delivered"
    return {"received": len(items), "added": added}


def do_import_csv(db: Session, *, data: str) -> dict[str, int]:
    """``order_id,tracking_no,at,status,description,location`` rows; a bad row is
    refused with its line number, and nothing is stored."""
    reader = csv.DictReader(io.StringIO(data))
    rows = [{k: (v or None) for k, v in row.items() if k} for row in reader]
    try:
        return do_record_batch(db, items=rows)
    except BadInput as error:
        raise csv_line_error(error) from None


def check_can_report_not_received(order: Order) -> None:
    """Only a parcel that was sent can be missing."""
    if order.status not in SENT:
        raise Conflict("订单尚未发货，不能登记未收到", code="not_shipped")


def do_report_not_received(db: Session, *, order: Order, agent: Agent, note: str | None) -> None:
    """The buyer says a parcel the courier marked signed never arrived: an exception task."""
    check_can_report_not_received(order)
    task_service.do_open(
        db,
        kind=TaskKind.logistics_exception,
        title=f"物流异常（签收未收到）：订单 {order.id}",
        due_at=clock.now() + dt.timedelta(hours=4),
        dedupe_key=f"logistics-not-received:{order.id}",
        group_id=task_service.team(db, "aftersale_group"),
        customer_id=order.customer_id,
        order_id=order.id,
        payload={"reported_by": agent.id, "note": note, "exception": "签收未收到"},
    )


def lost_parcels(db: Session, *, month: dt.date) -> dict[str, Any]:
    """Parcels whose scans say lost in the month, per courier: the month-end claim."""
    zone = ZoneInfo(get_settings().shop_timezone)
    start = dt.datetime.combine(month.replace(day=1), dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(
        (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1), dt.time(0), tzinfo=zone
    )
    rows = repository.lost_between(db, start, end)
    per_courier = Counter(order.courier or "（未知快递）" for order, _event in rows)
    return {
        "month": start.strftime("%Y-%m"),
        "couriers": [
            {
                "courier": courier,
                "parcels": count,
                "orders": [
                    {
                        "order_id": o.id,
                        "tracking_no": o.tracking_no,
                        "amount": str(o.amount),
                        "lost_at": e.at.isoformat(),
                    }
                    for o, e in rows
                    if (o.courier or "（未知快递）") == courier
                ],
            }
            for courier, count in sorted(per_courier.items())
        ],
    }

"""Shapes of the after-sales lists: their filters (query parameters) and rows."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from kefu.kit.dates import Moment
from kefu.kit.filters import Many
from kefu.models.aftersale import ComplaintCategory, RefundKind, RefundStatus, ReviewRating


class RefundFilters(BaseModel):
    status: Many[RefundStatus] = []
    kind: Many[RefundKind] = []
    overdue: bool | None = None  # the current step's deadline has passed
    due_before: Moment | None = None
    order_id: str | None = None
    customer_id: str | None = None
    handler_id: str | None = None  # the case's 处理人
    unowned: bool | None = None  # no 处理人 yet (true) or taken (false): what a lead hands out
    q: str | None = None  # refund id, order id (exact); buyer nick or name (contains)


class RefundItem(BaseModel):
    id: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    amount: str | None
    order_id: str
    customer_id: str
    buyer_name: str
    product_titles: list[str]
    reason: str | None
    due_at: dt.datetime | None
    overdue: bool
    handler_id: str | None  # the case's 处理人 (PUT /refunds/{id}/handler)
    handler_name: str | None
    last_actor_name: str | None  # who took the latest step (最近处理人)
    created_at: dt.datetime


ComplaintStatus = Literal["open", "resolved"]


class ComplaintFilters(BaseModel):
    status: Many[ComplaintStatus] = []
    category: Many[ComplaintCategory] = []
    overdue: bool | None = None  # open past the time promised to the buyer
    promised_before: Moment | None = None
    owner_id: str | None = None
    customer_id: str | None = None
    q: str | None = None  # complaint, order or customer id; buyer nick, name or summary


class ComplaintItem(BaseModel):
    id: str
    status: str
    status_label: str
    category: str
    category_label: str
    customer_id: str
    buyer_name: str
    order_id: str | None
    summary: str | None
    opened_at: dt.datetime
    promised_by: dt.datetime | None
    resolved_at: dt.datetime | None
    overdue: bool
    owner_id: str | None
    handler_name: str | None


ReviewStatus = Literal["pending", "handled"]


class ReviewFilters(BaseModel):
    rating: Many[ReviewRating] = []  # none given: medium and bad (中差评)
    status: Many[ReviewStatus] = []
    overdue: bool | None = None  # pending past the 7-day contact deadline
    contact_due_before: Moment | None = None
    revisable: bool | None = None  # still inside the buyer's 30-day revision window
    revise_by_before: Moment | None = None
    customer_id: str | None = None
    q: str | None = None  # review or order id; buyer nick, name or the review's text


class ReviewItem(BaseModel):
    id: str
    status: str
    status_label: str
    rating: str
    rating_label: str
    order_id: str
    customer_id: str
    buyer_name: str
    product_titles: list[str]
    text_excerpt: str | None
    created_at: dt.datetime
    contact_due_at: dt.datetime
    revise_by: dt.datetime
    overdue: bool
    result: str | None
    result_label: str | None
    handler_id: str | None  # who last contacted the buyer or recorded the result
    handler_name: str | None
    contacts: int  # times the buyer was contacted about it


class StateCount(BaseModel):
    status: str
    label: str
    count: int
    overdue: int


class StateCounts(BaseModel):
    """How many rows each state of a list has under the other filters: the tabs' numbers."""

    states: list[StateCount]
    total: int
    overdue: int

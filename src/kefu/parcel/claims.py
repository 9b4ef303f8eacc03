"""The month's parcel claims for finance: a sheet of the damaged and lost parcels claimed
from couriers, and the reminder to hand it over 10 days before the month ends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit import clock
from kefu.models.work import TaskKind
from kefu.parcel import repository
from kefu.parcel.service import CLAIM_LABELS, KIND_LABELS
from kefu.task import service as task_service
from kefu.team import service as team_service

FINANCE = "财务"  # the department that receives the sheet
REMIND_BEFORE_MONTH_END = dt.timedelta(days=10)
HEADER = [
    "登记号",
    "类型",
    "订单号",
    "快递公司",
    "运单号",
    "登记时间",
    "理赔金额",
    "理赔状态",
    "负责人",
]


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the calendar month of ``month`` in the shop's zone."""
    tz = get_settings().shop_timezone
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return clock.local_midnight(first, tz), clock.local_midnight(following, tz)


def claims_rows(db: Session, *, month: dt.date) -> list[list[Any]]:
    """The sheet: one row per claimed parcel opened in the month, then the total."""
    start, end = month_bounds(month)
    claimed = repository.claims_opened(db, start, end)
    owners = team_service.names_of(db, agent_ids={case.owner_id for case in claimed})
    tz = get_settings().shop_timezone
    rows: list[list[Any]] = [HEADER]
    for case in claimed:
        rows.append(
            [
                case.id,
                KIND_LABELS[case.kind],
                case.order_id,
                case.courier or "",
                case.tracking_no or "",
                clock.in_zone(case.opened_at, tz).strftime("%Y-%m-%d %H:%M"),
                case.claim_amount or Decimal("0"),
                CLAIM_LABELS[case.claim_status],
                owners.get(case.owner_id, case.owner_id),
            ]
        )
    total = sum((case.claim_amount or Decimal("0") for case in claimed), Decimal("0"))
    rows.append(["合计", f"{len(claimed)} 件", "", "", "", "", total, "", ""])
    return rows


def claims_sheet_reminder(db: Session, *, now: dt.datetime) -> int:
    """From 10 days before the month ends (local midnight): hand the claims sheet to finance.
    Kefu has no finance role, so the receiver is the 财务 department of the internal tickets:
    a task for each of its people; with nobody there, one task for the after-sales group, who
    keep the sheet. Idempotent by ``dedupe_key``; returns how many tasks it asked for."""
    today = clock.in_zone(now, get_settings().shop_timezone).date()
    _start, end = month_bounds(today)
    remind_at = end - REMIND_BEFORE_MONTH_END
    if now < remind_at:
        return 0
    month, finance = f"{today:%Y-%m}", team_service.department_member_ids(db, name=FINANCE)
    receivers: list[tuple[str | None, str | None]] = [(agent, None) for agent in finance] or [
        (None, task_service.team(db, "aftersale_group"))
    ]
    for assignee_id, group_id in receivers:
        task_service.do_open(
            db,
            kind=TaskKind.claims_sheet,
            title=f"{today:%Y年%m月}快递理赔表交财务",
            due_at=remind_at + dt.timedelta(days=1),
            dedupe_key=f"claims-sheet:{month}" + (f":{assignee_id}" if assignee_id else ""),
            assignee_id=assignee_id,
            group_id=group_id,
            payload={"month": month, "link": f"/parcels?claims={month}", "receiver": FINANCE},
        )
    return len(receivers)


EVALUATORS = (claims_sheet_reminder,)

"""The duties as an Excel sheet (值班表): a row per day and duty, naming its holder; an empty
holder hands the day back to the duty's rotation. Import is all or nothing: every line is
checked (date, duty, agent, the lead's scope) before any is applied, and the first bad one
is refused by its number (第 N 行)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit.dates import FIRST_YEAR, LAST_YEAR
from kefu.kit.errors import BadInput, Forbidden
from kefu.models import Agent
from kefu.models.shift import DutyKind
from kefu.shift import service
from kefu.shift.sheets import read_rows
from kefu.team import leads
from kefu.team import service as team_service

HEADER = ("日期", "值班", "客服账号", "客服")
KINDS = {label: kind for kind, label in service.DUTY_LABELS.items()}


def export_rows(db: Session, *, actor: Agent, start: dt.date) -> list[list[Any]]:
    """The week's duties as the calendar shows them (rotation turns included); a lead's
    sheet leaves out days held by people outside her groups (she could not import them)."""
    within = leads.managed_agent_ids(db, actor=actor)
    rows: list[list[Any]] = [list(HEADER)]
    for duty in service.duties_of_week(db, start=service.week_start(start)):
        if within is not None and duty["agent_id"] and duty["agent_id"] not in within:
            continue
        rows.append(
            [duty["day"].isoformat(), duty["label"], duty["agent_id"] or "", duty["agent_name"]]
        )
    return rows


@dataclass(frozen=True)
class _Line:
    day: dt.date
    kind: DutyKind
    agent_id: str | None


def do_import(db: Session, *, actor: Agent, file: bytes) -> int:
    """Name (or clear) each line's duty holder; returns how many lines were applied."""
    rows = read_rows(file)
    if not rows or [str(cell or "").strip() for cell in rows[0][:3]] != list(HEADER[:3]):
        raise BadInput("第 1 行：表头应为 日期、值班、客服账号、客服", code="bad_header")
    lines: dict[tuple[dt.date, DutyKind], _Line] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        line = _line(db, actor=actor, number=number, row=(*row, None, None, None))
        if (line.day, line.kind) in lines:
            raise BadInput(
                f"第 {number} 行：{line.day} 的{service.DUTY_LABELS[line.kind]}出现了不止一次",
                code="repeated_duty",
            )
        lines[(line.day, line.kind)] = line
    for line in lines.values():
        service.do_set_duty(db, actor=actor, day=line.day, kind=line.kind, agent_id=line.agent_id)
    return len(lines)


def _line(db: Session, *, actor: Agent, number: int, row: tuple[Any, ...]) -> _Line:
    day = _day(row[0], number)
    label = str(row[1] or "").strip()
    kind = KINDS.get(label) or next((k for k in DutyKind if k.value == label), None)
    if kind is None:
        raise BadInput(
            f"第 {number} 行：不认识的值班“{label}”（可用：{'、'.join(KINDS)}）",
            code="unknown_duty",
        )
    agent_id = str(row[2] or "").strip() or None
    try:
        current = service.named_duty_holder(db, day=day, kind=kind)
        for who in filter(None, (current, agent_id)):
            if team_service.get_agent(db, who) is None:
                raise BadInput(f"第 {number} 行：没有客服账号“{who}”", code="agent_not_found")
            leads.check_manages(db, actor=actor, agent_id=who)
    except (BadInput, Forbidden) as error:
        prefix = "" if error.reason.startswith("第 ") else f"第 {number} 行："
        raise type(error)(prefix + error.reason, code=error.code) from None
    return _Line(day, kind, agent_id)


def _day(cell: Any, number: int) -> dt.date:
    """A date cell, or text like 2026-12-01."""
    if isinstance(cell, dt.datetime):
        day = cell.date()
    elif isinstance(cell, dt.date):
        day = cell
    else:
        try:
            day = dt.date.fromisoformat(str(cell or "").strip()[:10])
        except ValueError:
            raise BadInput(
                f"第 {number} 行：日期“{cell or ''}”应写成 2026-12-01", code="bad_date"
            ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadInput(
            f"第 {number} 行：日期须在 {FIRST_YEAR} 年到 {LAST_YEAR} 年之间", code="bad_date"
        )
    return day

"""The rota as an Excel sheet (排班表): a row per agent, a column per day, each cell a
shift's name or empty (休). Import is all or nothing: the first bad line is refused by
its number, and nothing of the file is kept."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Forbidden
from kefu.models import Agent
from kefu.shift import service
from kefu.team import leads
from kefu.team import service as team_service

FIRST_COLUMNS = ("客服账号", "客服")
REST = {"", "休", "休息"}
MAX_BYTES = 2 * 1024 * 1024


def export_rows(db: Session, *, actor: Agent, start: dt.date, group_id: str | None) -> list[list]:
    week = service.week(db, actor=actor, start=start, group_id=group_id)
    names = {row["id"]: row["name"] for row in week["templates"]}
    header = [*FIRST_COLUMNS, *(f"{d['day'].isoformat()}（{d['label']}）" for d in week["days"])]
    rows: list[list[Any]] = [header]
    for agent in week["agents"]:
        rows.append(
            [agent["id"], agent["name"], *(names.get(s, "") if s else "" for s in agent["shifts"])]
        )
    return rows


def read_rows(file: bytes) -> list[tuple[Any, ...]]:
    """The first sheet's rows; 422 for a file too large or not xlsx."""
    if len(file) > MAX_BYTES:
        raise BadInput("文件过大（最多 2 MB）", code="file_too_large")
    from openpyxl import load_workbook  # loaded on the first import, not at start-up

    try:
        book = load_workbook(io.BytesIO(file), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not xlsx
        raise BadInput("不是 Excel（.xlsx）文件", code="bad_file") from None
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def _days(header: tuple[Any, ...], start: dt.date) -> None:
    """The header must name the seven days of the week being imported, in order."""
    days = [start + dt.timedelta(days=n) for n in range(7)]
    found = [str(cell or "")[:10] for cell in header[2:9]]
    if found != [day.isoformat() for day in days]:
        raise BadInput(
            f"第 1 行：表头应为 客服账号、客服 和 {days[0]} 到 {days[-1]} 七天", code="bad_header"
        )


def do_import(db: Session, *, actor: Agent, start: dt.date, file: bytes) -> int:
    """Replace the week of every agent in the file; returns how many shifts were set."""
    start = service.week_start(start)
    rows = read_rows(file)
    if not rows:
        raise BadInput("文件是空的", code="empty_file")
    _days(rows[0], start)
    shifts = {row.name: row.id for row in service.templates(db)}
    cells: dict[str, list[str | None]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        cells.update(_line(db, actor=actor, number=number, row=row, shifts=shifts, seen=cells))
    return service.do_replace_week(db, actor=actor, start=start, cells=cells)


def _line(
    db: Session,
    *,
    actor: Agent,
    number: int,
    row: tuple[Any, ...],
    shifts: dict[str, str],
    seen: dict[str, Any],
) -> dict[str, list[str | None]]:
    agent_id = str(row[0] or "").strip()
    if team_service.get_agent(db, agent_id) is None:
        raise BadInput(f"第 {number} 行：没有客服账号“{agent_id}”", code="agent_not_found")
    if agent_id in seen:
        raise BadInput(f"第 {number} 行：客服“{agent_id}”出现了不止一次", code="repeated_agent")
    try:
        leads.check_manages(db, actor=actor, agent_id=agent_id)
    except Forbidden as error:
        raise Forbidden(f"第 {number} 行：{error.reason}", code=error.code) from None
    values = [str(cell or "").strip() for cell in (list(row[2:9]) + [None] * 7)[:7]]
    unknown = [value for value in values if value not in REST and value not in shifts]
    if unknown:
        names = "、".join(shifts)
        raise BadInput(
            f"第 {number} 行：不认识的班次“{unknown[0]}”（可用：{names}，或留空表示休息）",
            code="unknown_shift",
        )
    return {agent_id: [None if value in REST else shifts[value] for value in values]}

"""Every query of the shift domain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, exists, or_, select, true
from sqlalchemy.orm import Session

from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import (
    Agent,
    AgentAutoReply,
    Duty,
    DutyRotation,
    Handover,
    HandoverRecipient,
    RotaEntry,
    ShiftTemplate,
)


@dataclass(frozen=True)
class ListFilters:
    """A list's days (both included), its people (None: everyone) and a name search."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    agent_ids: frozenset[str] | None = None
    q: str | None = None


def templates(db: Session) -> list[ShiftTemplate]:
    return list(db.scalars(select(ShiftTemplate).order_by(ShiftTemplate.position)))


def template(db: Session, template_id: str) -> ShiftTemplate | None:
    return db.get(ShiftTemplate, template_id)


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def template_in_use(db: Session, template_id: str) -> bool:
    return bool(db.scalar(select(exists().where(RotaEntry.template_id == template_id))))


def delete_row(db: Session, row: object) -> None:
    db.delete(row)
    db.flush()


def entries(
    db: Session, first: dt.date, last: dt.date, *, agent_ids: Iterable[str] | None = None
) -> list[tuple[RotaEntry, ShiftTemplate]]:
    """The rota from ``first`` to ``last`` (both included) with each entry's shift."""
    query = (
        select(RotaEntry, ShiftTemplate)
        .join(ShiftTemplate, ShiftTemplate.id == RotaEntry.template_id)
        .where(RotaEntry.day >= first, RotaEntry.day <= last)
        .order_by(RotaEntry.day, ShiftTemplate.position, RotaEntry.agent_id)
    )
    if agent_ids is not None:
        query = query.where(RotaEntry.agent_id.in_(list(agent_ids)))
    return [(entry, shift) for entry, shift in db.execute(query)]


def any_entry(db: Session, first: dt.date, last: dt.date) -> bool:
    query = exists().where(RotaEntry.day >= first, RotaEntry.day <= last)
    return bool(db.scalar(select(query)))


def entry(db: Session, agent_id: str, day: dt.date) -> RotaEntry | None:
    return db.get(RotaEntry, (agent_id, day))


def clear_entries(db: Session, first: dt.date, last: dt.date, agent_ids: Iterable[str]) -> None:
    db.execute(
        delete(RotaEntry)
        .where(RotaEntry.day >= first, RotaEntry.day <= last)
        .where(RotaEntry.agent_id.in_(list(agent_ids))),
        execution_options={"synchronize_session": False},
    )
    db.expire_all()


def duties(db: Session, first: dt.date, last: dt.date) -> list[Duty]:
    query = select(Duty).where(Duty.day >= first, Duty.day <= last)
    return list(db.scalars(query.order_by(Duty.day, Duty.kind)))


def duty(db: Session, day: dt.date, kind: str) -> Duty | None:
    return db.get(Duty, (day, kind))


def duty_configured(db: Session, kind: str) -> bool:
    named = select(exists().where(Duty.kind == kind))
    rotating = select(exists().where(DutyRotation.kind == kind))
    return bool(db.scalar(named)) or bool(db.scalar(rotating))


def rotation(db: Session, kind: str) -> DutyRotation | None:
    return db.get(DutyRotation, kind)


def rotations(db: Session) -> list[DutyRotation]:
    return list(db.scalars(select(DutyRotation).order_by(DutyRotation.kind)))


def handover(db: Session, handover_id: str) -> Handover | None:
    return db.get(Handover, handover_id)


def add_recipients(db: Session, handover_id: str, agent_ids: Iterable[str]) -> None:
    db.add_all(HandoverRecipient(handover_id=handover_id, agent_id=who) for who in agent_ids)
    db.flush()


def recipient_ids(db: Session, handover_id: str) -> set[str]:
    query = select(HandoverRecipient.agent_id).where(HandoverRecipient.handover_id == handover_id)
    return set(db.scalars(query))


def recipients_of(db: Session, handover_ids: Iterable[str]) -> dict[str, list[str]]:
    query = select(HandoverRecipient).where(HandoverRecipient.handover_id.in_(list(handover_ids)))
    out: dict[str, list[str]] = {}
    for row in db.scalars(query.order_by(HandoverRecipient.agent_id)):
        out.setdefault(row.handover_id, []).append(row.agent_id)
    return out


HANDOVER_SORTS = {"written_at": Handover.written_at, "acknowledged_at": Handover.acknowledged_at}


def handovers(
    db: Session,
    *,
    since: dt.datetime,
    reader_id: str,
    writer_ids: Iterable[str] | None,
    pending: bool,
    q: str | None,
    params: PageParams,
) -> tuple[list[Handover], int]:
    """Handovers written since ``since`` that ``reader_id`` wrote or is addressed, or whose
    writer is among ``writer_ids`` (None: everyone's); ``pending``: addressed to her and not
    yet acknowledged. Newest first unless sorted."""
    addressed = exists().where(
        HandoverRecipient.handover_id == Handover.id, HandoverRecipient.agent_id == reader_id
    )
    managed = true() if writer_ids is None else Handover.agent_id.in_(list(writer_ids))
    query: Select = select(Handover).where(Handover.written_at >= since)
    if pending:
        query = query.where(addressed, Handover.acknowledged_at.is_(None))
    else:
        query = query.where(or_(Handover.agent_id == reader_id, addressed, managed))
    if q:
        query = query.where(Handover.notes.ilike(f"%{q}%"))
    query = order_by(query, params.sort, HANDOVER_SORTS, [Handover.written_at.desc(), Handover.id])
    rows, total = fetch_page(db, query, params)
    return [row for (row,) in rows], total


def auto_reply(db: Session, agent_id: str) -> AgentAutoReply | None:
    return db.get(AgentAutoReply, agent_id)


ENTRY_SORTS = {"day": RotaEntry.day, "agent_name": Agent.name, "shift": ShiftTemplate.position}
DUTY_SORTS = {"day": Duty.day, "kind": Duty.kind, "agent_name": Agent.name}


def _within(query: Select, column: Any, filters: ListFilters) -> Select:
    if filters.date_from is not None:
        query = query.where(column >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(column <= filters.date_to)
    if filters.agent_ids is not None:
        query = query.where(Agent.id.in_(list(filters.agent_ids)))
    if filters.q:
        query = query.where(or_(Agent.name.ilike(f"%{filters.q}%"), Agent.login == filters.q))
    return query


def entry_page(db: Session, filters: ListFilters, params: PageParams) -> tuple[list[Any], int]:
    """Rota entries with the agent and the shift, one page."""
    query = (
        select(RotaEntry, Agent.name, Agent.group_id, ShiftTemplate)
        .join(Agent, Agent.id == RotaEntry.agent_id)
        .join(ShiftTemplate, ShiftTemplate.id == RotaEntry.template_id)
    )
    query = _within(query, RotaEntry.day, filters)
    default = [RotaEntry.day, ShiftTemplate.position, Agent.name, RotaEntry.agent_id]
    return fetch_page(db, order_by(query, params.sort, ENTRY_SORTS, default), params)


def duty_page(
    db: Session, filters: ListFilters, params: PageParams, *, kind: str | None
) -> tuple[list[Any], int]:
    """Named duty holders with their names, one page."""
    query = select(Duty, Agent.name).join(Agent, Agent.id == Duty.agent_id)
    query = _within(query, Duty.day, filters)
    if kind is not None:
        query = query.where(Duty.kind == kind)
    default = [Duty.day, Duty.kind]
    return fetch_page(db, order_by(query, params.sort, DUTY_SORTS, default), params)

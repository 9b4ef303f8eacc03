"""Who is on shift and on duty at a moment, and when the shop opens next: what routing,
the offline reply and proactive tasks ask (chat/routing.py, order/jobs.py, aftersale/jobs.py).

A group's rota is in force at a moment when it has entries for that day or the day before (a
night shift of yesterday may still run); then only its agents on shift take its chats, and it
is open exactly while somebody is (unless the shop's ``rota_routing`` is off: then the
rota plans shifts and handovers only). Groups without a rota (and people in no group, such as the
hotline on a rota of their own) change nothing for chats. Where no rota is in force the
shop's working hours decide, as before there were rotas. Holidays (the shop's ``holidays``
setting) close a day, or open it only in its special hours, either way.

Duties run from 06:00 to 06:00 the next morning in the shop's zone, so the night duty of the
30th still holds at 01:30 on the 1st. A day without a named holder takes the duty's rotation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.models import RotaEntry, ShiftTemplate
from kefu.models.shift import DutyKind
from kefu.shift import repository
from kefu.shop import service as shop
from kefu.shop.hours import WorkingHours, parse_hours
from kefu.team import service as team_service

DAY = dt.timedelta(days=1)
DUTY_DAY_STARTS = dt.timedelta(hours=6)
LOOK_AHEAD_DAYS = 14
CLOSED = "closed"


@dataclass(frozen=True)
class Staffing:
    """The shop at one moment under a rota or a holiday rule."""

    open: bool
    agent_ids: frozenset[str] | None  # on shift; None: no rota, whoever is at work
    next_opening: dt.datetime | None  # when closed: when somebody is there again


def zone() -> ZoneInfo:
    return ZoneInfo(get_settings().shop_timezone)


def local_day(at: dt.datetime) -> dt.date:
    return at.astimezone(zone()).date()


def shift_span(day: dt.date, shift: ShiftTemplate) -> tuple[dt.datetime, dt.datetime]:
    """When a shift on ``day`` starts and ends; an end at or before the start is the next day's."""
    starts = dt.datetime.combine(day, dt.time.fromisoformat(shift.starts), tzinfo=zone())
    end_day = day + DAY if shift.ends == "24:00" else day
    ends = dt.datetime.combine(
        end_day, dt.time.fromisoformat("00:00" if shift.ends == "24:00" else shift.ends), zone()
    )
    return starts, ends if ends > starts else ends + DAY


def holidays(db: Session) -> dict[dt.date, WorkingHours | str]:
    """The shop's holidays: each date ``CLOSED`` or its special hours."""
    return {
        dt.date.fromisoformat(row["date"]): (
            parse_hours(row["hours"], zone(), key="holidays") if row.get("hours") else CLOSED
        )
        for row in shop.get(db, "holidays")
    }


@dataclass(frozen=True)
class _Calendar:
    """What decides opening over the next days, read once: the rota, holidays, hours."""

    rows: list[tuple[RotaEntry, ShiftTemplate]]
    holidays: dict[dt.date, WorkingHours | str]
    hours: WorkingHours

    def in_force(self, at: dt.datetime) -> bool:
        days = {entry.day for entry, _shift in self.rows}
        return bool(days & {local_day(at), local_day(at) - DAY})

    def on_shift(self, at: dt.datetime) -> frozenset[str]:
        return frozenset(
            entry.agent_id
            for entry, shift in self.rows
            if shift_span(entry.day, shift)[0] <= at < shift_span(entry.day, shift)[1]
        )

    def open(self, at: dt.datetime) -> tuple[bool, frozenset[str] | None]:
        """Whether the groups are open at ``at``, and who is on shift (None: no rota)."""
        special = self.holidays.get(local_day(at))
        if special == CLOSED or (isinstance(special, WorkingHours) and not special.is_open(at)):
            return False, frozenset()
        if self.in_force(at):
            on = self.on_shift(at)
            return bool(on), on
        return special is not None or self.hours.is_open(at), None

    def next_opening(self, at: dt.datetime) -> dt.datetime | None:
        """The first moment after ``at`` that is open, among shift starts, the working hours'
        and special hours' openings, and midnights (a closed holiday ends)."""
        moments = {shift_span(entry.day, shift)[0] for entry, shift in self.rows}
        for offset in range(LOOK_AHEAD_DAYS + 1):
            day = local_day(at) + dt.timedelta(days=offset)
            moments.add(dt.datetime.combine(day, self.hours.opens, tzinfo=zone()))
            moments.add(dt.datetime.combine(day, dt.time(0), tzinfo=zone()))
            special = self.holidays.get(day)
            if isinstance(special, WorkingHours):
                moments.add(dt.datetime.combine(day, special.opens, tzinfo=zone()))
        return next((m for m in sorted(moments) if m > at and self.open(m)[0]), None)


def _entries(
    db: Session, at: dt.datetime, group_ids: Collection[str]
) -> list[tuple[RotaEntry, ShiftTemplate]]:
    """The groups' rota from yesterday (a night shift may still run) to the look-ahead."""
    today = local_day(at)
    members = [agent.id for agent in team_service.list_agents(db) if agent.group_id in group_ids]
    last = today + dt.timedelta(days=LOOK_AHEAD_DAYS)
    return repository.entries(db, today - DAY, last, agent_ids=members)


def staffing(db: Session, *, at: dt.datetime, group_ids: Collection[str]) -> Staffing | None:
    """The groups at ``at`` under their rota and the holidays; None when neither applies
    (the caller keeps to the working hours). A shop that plans shifts without routing by
    them (``rota_routing`` off) has only its holidays here."""
    rows = _entries(db, at, group_ids) if shop.get(db, "rota_routing") else []
    calendar = _Calendar(rows, holidays(db), shop.working_hours(db))
    if not calendar.in_force(at) and local_day(at) not in calendar.holidays:
        return None
    is_open, agent_ids = calendar.open(at)
    if is_open:
        return Staffing(True, agent_ids, None)
    return Staffing(False, agent_ids, calendar.next_opening(at))


def chat_staffing(db: Session, *, at: dt.datetime) -> Staffing | None:
    """The shop as a buyer meets it: the groups new chats are routed to (售前, 售后)."""
    groups = {shop.get(db, "presale_group"), shop.get(db, "aftersale_group")}
    return staffing(db, at=at, group_ids=groups)


def duty_day(at: dt.datetime) -> dt.date:
    return (at.astimezone(zone()) - DUTY_DAY_STARTS).date()


def duty_holder(db: Session, *, kind: DutyKind, day: dt.date) -> str | None:
    """Who holds the duty on ``day``: the named agent, else the rotation's turn."""
    named = repository.duty(db, day, kind.value)
    if named is not None:
        return named.agent_id
    rotation = repository.rotation(db, kind.value)
    if rotation is None or not rotation.agent_ids:
        return None
    turn = (day - rotation.starts_on).days % len(rotation.agent_ids)
    return rotation.agent_ids[turn]


def has_duty(db: Session, *, kind: DutyKind) -> bool:
    """Whether the shop names holders of this duty at all (named days or a rotation)."""
    return repository.duty_configured(db, kind.value)


def night_duty_holder(db: Session, *, kind: DutyKind, at: dt.datetime) -> str | None:
    """The night duty's holder when ``at`` falls outside the shop's working hours (or on a
    closed holiday); None in working hours or when nobody is named."""
    closed_day = holidays(db).get(local_day(at)) == CLOSED
    if not closed_day and shop.working_hours(db).is_open(at):
        return None
    return duty_holder(db, kind=kind, day=duty_day(at))


HANDOVER_LATE = dt.timedelta(hours=6)  # a handover written this long after her shift ended


def next_shift(db: Session, *, agent_id: str, at: dt.datetime, among: Collection[str]) -> set[str]:
    """Who of ``among`` takes over from ``agent_id`` writing a handover at ``at``: the people
    on shift when her shift ends (at ``at`` when she is on none), else those of the first
    shift to start after. Empty when the rota names nobody."""
    today = local_day(at)
    rows = repository.entries(db, today - DAY, today + DAY, agent_ids={*among, agent_id})
    spans = [(entry.agent_id, *shift_span(entry.day, shift)) for entry, shift in rows]
    hers = [
        (starts, ends)
        for who, starts, ends in spans
        if who == agent_id and starts <= at < ends + HANDOVER_LATE
    ]
    change = max(hers)[1] if hers else at
    others = [(who, starts, ends) for who, starts, ends in spans if who != agent_id]
    on = {who for who, starts, ends in others if starts <= change < ends}
    if on:
        return on
    later = [starts for _who, starts, _ends in others if starts > change]
    return {who for who, starts, _ends in others if later and starts == min(later)}

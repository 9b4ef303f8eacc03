"""The one place that reads the wall clock.

Deadlines and schedulers compare against ``now()``; tests replace the clock with a
``FrozenClock`` so that "12 hours later" is a line of code, not a sleep.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kefu.kit.dates import OUT_OF_RANGE, check_day, check_moment

UTC = dt.UTC


class Clock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)


class FrozenClock(Clock):
    """A clock that only moves when told to."""

    def __init__(self, at: dt.datetime) -> None:
        self._at = ensure_aware(at)

    def now(self) -> dt.datetime:
        return self._at

    def advance(self, delta: dt.timedelta) -> None:
        self._at += delta

    def set(self, at: dt.datetime) -> None:
        self._at = ensure_aware(at)


class ShiftedClock(Clock):
    """The wall clock moved to start at ``at``: it ticks in real time from there. For a server
    in a browser test that must live through 00:30 in Shanghai at any hour of the real day."""

    def __init__(self, at: dt.datetime) -> None:
        self._offset = ensure_aware(at) - dt.datetime.now(UTC)

    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC) + self._offset


_clock: Clock = Clock()


def now() -> dt.datetime:
    return _clock.now()


def use_clock(clock: Clock) -> Clock:
    """Install ``clock`` and return the previous one (so a test can put it back)."""
    global _clock
    previous, _clock = _clock, clock
    return previous


def ensure_aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()} (a time zone is required)")
    return value


def in_zone(value: dt.datetime, tz: str) -> dt.datetime:
    return ensure_aware(value).astimezone(ZoneInfo(tz))


def local_midnight(day: dt.date, tz: str) -> dt.datetime:
    """The instant a calendar day starts in the shop's time zone."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(tz))


def parse_bound(value: str, tz: str) -> dt.datetime:
    """A period bound given as a date (midnight in the shop's zone) or an ISO time.

    A time without an offset is read in the shop's zone, as staff mean it.
    """
    text = value.strip()
    try:
        if len(text) == 10:
            return local_midnight(check_day(dt.date.fromisoformat(text)), tz)
        parsed = check_moment(dt.datetime.fromisoformat(text))
    except ValueError as exc:
        if str(exc) == OUT_OF_RANGE:
            raise
        raise ValueError(
            f"not a date or time: {value!r} (use 2026-11-01 or 2026-11-01T09:00+08:00)"
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(tz))

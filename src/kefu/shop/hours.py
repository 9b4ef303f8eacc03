"""Working hours (营业时间) in the shop's zone, which may run past midnight.

``09:00-23:00`` is the default; ``09:00-01:00`` opens at 09:00 and closes at 01:00
the next morning (a night shift); ``00:00-24:00`` is open round the clock. The
chat's offline-message decision and deadlines read these (chat/routing.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from kefu.kit.errors import BadInput

_CLOCK = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_END_OF_DAY = "24:00"
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkingHours:
    opens: dt.time
    closes: dt.time | None  # None: 24:00, the end of the day
    zone: ZoneInfo

    @property
    def all_day(self) -> bool:
        return self.opens == dt.time(0) and self.closes is None

    @property
    def crosses_midnight(self) -> bool:
        return self.closes is not None and self.closes < self.opens

    def is_open(self, at: dt.datetime) -> bool:
        local = at.astimezone(self.zone).time()
        if self.closes is None:
            return local >= self.opens
        if self.crosses_midnight:
            return local >= self.opens or local < self.closes
        return self.opens <= local < self.closes

    def next_opening(self, at: dt.datetime) -> dt.datetime:
        """The next time the shop opens after ``at`` (``at`` itself when always open)."""
        if self.all_day:
            return at
        local = at.astimezone(self.zone)
        today = dt.datetime.combine(local.date(), self.opens, tzinfo=self.zone)
        return today if local < today else today + _DAY

    def closing(self, at: dt.datetime) -> dt.datetime | None:
        """When the opening that ``at`` falls in ends; None when the shop never closes."""
        if self.all_day:
            return None
        local = at.astimezone(self.zone)
        day = local.date()
        if self.closes is None:
            return dt.datetime.combine(day + _DAY, dt.time(0), tzinfo=self.zone)
        if self.crosses_midnight and local.time() >= self.opens:
            day += _DAY
        return dt.datetime.combine(day, self.closes, tzinfo=self.zone)

    def text(self) -> str:
        """The hours as the buyer page shows them: 09:00–23:00, 09:00–次日01:00."""
        if self.all_day:
            return "全天 24 小时"
        closes = _END_OF_DAY if self.closes is None else f"{self.closes:%H:%M}"
        return f"{self.opens:%H:%M}–{'次日' if self.crosses_midnight else ''}{closes}"


def parse_hours(value: Any, zone: ZoneInfo, *, key: str = "working_hours") -> WorkingHours:
    """``HH:MM-HH:MM``; a 422 naming ``key`` for anything else."""
    parts = value.split("-") if isinstance(value, str) else []
    if len(parts) != 2:
        raise _bad(key, value, "应为“开始-结束”")
    opens, closes = (part.strip() for part in parts)
    if not _CLOCK.match(opens) or not (_CLOCK.match(closes) or closes == _END_OF_DAY):
        raise _bad(key, value, "时间应写成 HH:MM（00:00 到 23:59，结束可为 24:00）")
    if opens == closes:
        raise _bad(key, value, "开始和结束不能相同")
    return WorkingHours(
        dt.time.fromisoformat(opens),
        None if closes == _END_OF_DAY else dt.time.fromisoformat(closes),
        zone,
    )


def parse_clock(value: Any, *, key: str) -> dt.time:
    """A time of day ``HH:MM``, or a 422 naming ``key``."""
    if not isinstance(value, str) or not _CLOCK.match(value.strip()):
        raise BadInput(
            f"{key} 格式不正确：应为 HH:MM（如 10:00），收到 {value!r}", code="bad_setting"
        )
    return dt.time.fromisoformat(value.strip())


def _bad(key: str, value: Any, why: str) -> BadInput:
    return BadInput(
        f"{key} 格式不正确：{why}。例：09:00-23:00；跨午夜写 09:00-01:00（次日 01:00 结束）；"
        f"全天营业写 00:00-24:00。收到 {value!r}",
        code="bad_hours",
    )

"""The reporting period of a request: ``from`` (inclusive) and ``to`` (exclusive)
dates, in the shop's time zone."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Query

from kefu.config import get_settings
from kefu.kit.dates import check_day
from kefu.kit.errors import BadInput


class Period:
    """Dependency: ``from`` (inclusive) and ``to`` (exclusive) dates in the shop's zone."""

    def __init__(
        self, start: Annotated[str, Query(alias="from")], end: Annotated[str, Query(alias="to")]
    ) -> None:
        try:
            self.first = check_day(dt.date.fromisoformat(start))
            self.last = check_day(dt.date.fromisoformat(end))
        except ValueError as exc:
            raise BadInput(f"日期格式应为 2026-11-01：{exc}", code="bad_period") from None
        if self.last <= self.first or (self.last - self.first).days > 366:
            raise BadInput("期间须在 1 天到 366 天之间", code="bad_period")
        self.tz = get_settings().shop_timezone

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(0), tzinfo=ZoneInfo(self.tz))

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.last, dt.time(0), tzinfo=ZoneInfo(self.tz))

    @property
    def name(self) -> str:
        return f"{self.first.isoformat()}-{self.last.isoformat()}"


InPeriod = Annotated[Period, Depends()]

"""Dates a shop can mean: from 1900 to 2199.

Year 1 or 9999 parse as dates but overflow the moment they meet a time zone or a
day is added (a 500, or an export that answered 200 and then broke off), and a
stored one would break every later page that shows it. Inputs are bounded here:
``Day`` and ``Moment`` for request models, ``check_day``/``check_moment`` for
values parsed by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime

FIRST_YEAR, LAST_YEAR = 1900, 2199
OUT_OF_RANGE = f"日期须在 {FIRST_YEAR} 年到 {LAST_YEAR} 年之间"


def check_day(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(OUT_OF_RANGE)
    return value


def check_moment(value: dt.datetime) -> dt.datetime:
    check_day(value.date())
    return value


Day = Annotated[dt.date, AfterValidator(check_day)]
Moment = Annotated[AwareDatetime, AfterValidator(check_moment)]
# A time given with or without its zone (the caller decides what a naive one means).
AnyMoment = Annotated[dt.datetime, AfterValidator(check_moment)]

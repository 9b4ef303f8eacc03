"""What the buyer page shows before the first message: is anyone there, the
shop's hours, how soon an answer comes (service-standard.md: each message within
60 s; a 留言 within the hour in working hours, by 10:00 the next day at night),
and how long a message (or how large an image) may be."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from sqlalchemy.orm import Session

from kefu.chat import notices, repository, routing
from kefu.config import get_settings
from kefu.messaging.schemas import MAX_TEXT
from kefu.shift import coverage as shift_coverage
from kefu.shop import service as shop

REPLY_SOON = "通常 1 分钟内回复"


class ShopInfoOut(BaseModel):
    shop_name: str
    open_now: bool  # in working hours and somebody at work
    in_working_hours: bool
    working_hours: str  # the setting: 09:00-01:00
    hours_text: str  # today's hours for people: 09:00–次日01:00
    next_open_at: dt.datetime | None  # when closed: when it opens again
    reply_expectation: str  # 通常 1 分钟内回复 / 留言将在 11月11日 10:00 前回复
    reply_due_at: dt.datetime | None  # the 留言 deadline, when a message would become one
    max_text_length: int
    max_image_bytes: int
    timezone: str


def shop_info(db: Session, *, now: dt.datetime) -> ShopInfoOut:
    settings = get_settings()
    hours = shop.working_hours(db)
    staffing = shift_coverage.chat_staffing(db, at=now)  # a rota or a holiday decides, if any
    in_hours = staffing.open if staffing is not None else hours.is_open(now)
    next_open = staffing.next_opening if staffing is not None else hours.next_opening(now)
    groups = {shop.get(db, "presale_group"), shop.get(db, "aftersale_group")}
    staffed = any(repository.present_agents(db, group) for group in groups)
    due = None if in_hours and staffed else routing.offline_due(db, now)
    return ShopInfoOut(
        shop_name=settings.shop_name,
        open_now=in_hours and staffed,
        in_working_hours=in_hours,
        working_hours=shop.get(db, "working_hours"),
        hours_text=hours.text(),
        next_open_at=None if in_hours else next_open,
        reply_expectation=REPLY_SOON
        if due is None
        else f"留言将在 {notices.reply_time(due)} 前回复",
        reply_due_at=due,
        max_text_length=MAX_TEXT,
        max_image_bytes=settings.max_image_bytes,
        timezone=settings.shop_timezone,
    )

"""Scheduled work of the feedback domain: the weekly report by mail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.feedback import service
from kefu.kit import clock
from kefu.shop import service as shop

SEND_AFTER = dt.time(9, 0)  # Monday morning, for the week before


def do_mail_last_week(db: Session, *, from_address: str) -> int:
    """Mail last week's report once, on Monday from 09:00 (shop's zone) on; running
    it again that week sends nothing (the week sent is kept in the shop settings)."""
    now = clock.in_zone(clock.now(), get_settings().shop_timezone)
    this_monday = now.date() - dt.timedelta(days=now.weekday())
    if now.date() == this_monday and now.time() < SEND_AFTER:
        return 0
    last_monday = this_monday - dt.timedelta(days=7)
    if shop.get(db, "feedback_report_sent_week") == last_monday.isoformat():
        return 0
    sent = service.do_mail_report(db, week_start=last_monday, from_address=from_address)
    shop.do_set(db, key="feedback_report_sent_week", value=last_monday.isoformat())
    return sent

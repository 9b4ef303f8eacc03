"""Shop settings with their defaults (service-standard.md), and working hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit.errors import BadInput
from kefu.models import ShopSetting

DEFAULTS: dict[str, Any] = {
    "working_hours": "09:00-23:00",
    "offline_reply_by": "10:00",
    "offline_reply_within_minutes": 60,
    "greeting": "您好，欢迎光临{店铺名}，请问有什么可以帮您？",
    "offline_reply": "您好，客服暂时不在线，您的留言我们已收到，会在{回复时间}前回复您。",
    "presale_group": "售前组",
    "aftersale_group": "售后组",
    "qc_rules": {},  # per-rule changes, see kefu.qc.rules
    "qc_sample_rate": 0.05,  # share of each agent's sessions drawn for review each week
    # The bot answers buyers first (once `kefu bot train` has run); it hands off
    # below this confidence, and when a message is this angry.
    "bot_enabled": True,
    # A merge of duplicate customer profiles can be undone for this many days.
    "merge_undo_days": 30,
    # Care campaigns (关怀): at most this many messages per customer in this many
    # days, and none in quiet hours.
    "care_limit_count": 1,
    "care_limit_days": 7,
    "care_quiet_hours": "21:00-09:00",
    # Where each category of the weekly feedback report is emailed.
    "feedback_emails": {},
    "feedback_report_sent_week": None,  # the Monday of the last week mailed
    # Provinces each courier does not deliver to (address changes are checked).
    "courier_excluded": {
        "中通快递": ["香港特别行政区", "澳门特别行政区", "台湾省"],
        "圆通快递": ["香港特别行政区", "澳门特别行政区", "台湾省"],
        "邮政EMS": [],
        "顺丰速运": [],
    },
    # Refunds above this amount (yuan) are approved and paid out by 退款审核 only.
    "refund_review_limit": "500.00",
    "bot_handoff_below": 0.5,
    "bot_anger_above": 0.97,
    # Facts the bot's answers quote (FAQ templates: {截单时间}, {快递}, ...).
    "shipping_cutoff": "16:30",
    "couriers": "中通快递",
    "delivery_days": "2-4",
    "return_days": 7,
    "price_protection_days": 15,
    "cod_fee": "5.00",
    "invoice_rules": (
        "支持开具电子普通发票和增值税专用发票，确认收货后在订单页申请，3 个工作日内开出。"
    ),
    "aftersale_words": [
        "订单",
        "物流",
        "快递",
        "发货了",
        "到哪",
        "没收到",
        "签收",
        "退款",
        "退货",
        "换货",
        "售后",
        "质量",
        "坏了",
        "破损",
        "少发",
        "发错",
        "投诉",
        "差评",
        "补发",
        "运费险",
    ],
}


def get(session: Session, key: str) -> Any:
    row = session.get(ShopSetting, key)
    return DEFAULTS[key] if row is None else row.value


def get_many(session: Session, keys: Sequence[str]) -> dict[str, Any]:
    """Several settings in one query (the bot reads a handful on every message)."""
    query = select(ShopSetting).where(ShopSetting.key.in_(keys))
    stored = {row.key: row.value for row in session.scalars(query)}
    return {key: stored[key] if key in stored else DEFAULTS[key] for key in keys}


def do_set(session: Session, *, key: str, value: Any) -> None:
    if key not in DEFAULTS:
        raise BadInput(f"unknown setting {key!r}", code="unknown_setting")
    if key == "working_hours":
        parse_hours(value)
    row = session.get(ShopSetting, key)
    if row is None:
        session.add(ShopSetting(key=key, value=value))
    else:
        row.value = value
    session.flush()


@dataclass(frozen=True)
class WorkingHours:
    opens: dt.time
    closes: dt.time
    zone: ZoneInfo

    def is_open(self, at: dt.datetime) -> bool:
        local = at.astimezone(self.zone).time()
        return self.opens <= local < self.closes

    def next_opening(self, at: dt.datetime) -> dt.datetime:
        local = at.astimezone(self.zone)
        today = dt.datetime.combine(local.date(), self.opens, tzinfo=self.zone)
        return today if local < today else today + dt.timedelta(days=1)

    def closing(self, at: dt.datetime) -> dt.datetime:
        local = at.astimezone(self.zone)
        return dt.datetime.combine(local.date(), self.closes, tzinfo=self.zone)


def parse_hours(text: str) -> tuple[dt.time, dt.time]:
    try:
        opens, closes = (dt.time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError as exc:
        raise BadInput(f"working hours must look like 09:00-23:00, not {text!r}") from exc
    if opens >= closes:
        raise BadInput("working hours must open before they close", code="bad_hours")
    return opens, closes


def working_hours(session: Session) -> WorkingHours:
    opens, closes = parse_hours(get(session, "working_hours"))
    return WorkingHours(opens, closes, ZoneInfo(get_settings().shop_timezone))

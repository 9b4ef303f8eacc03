"""Shop settings with their defaults (service-standard.md), and working hours."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit.errors import BadInput
from kefu.models import ShopSetting
from kefu.shop.hours import WorkingHours, parse_clock, parse_hours

DEFAULTS: dict[str, Any] = {
    "working_hours": "09:00-23:00",
    "offline_reply_by": "10:00",
    "offline_reply_within_minutes": 60,
    "greeting": "您好，欢迎光临{店铺名}，请问有什么可以帮您？",
    "offline_reply": "您好，客服暂时不在线，您的留言我们已收到，会在{回复时间}前回复您。",
    # What an agent says for herself when she takes a chat (empty: nothing).
    "agent_intro": "您好，我是{角色}{客服名}，很高兴为您服务～",
    # An assigned chat she has not answered after this long goes to a free colleague.
    "assign_reply_seconds": 60,
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


def _seconds(value: Any, *, key: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3600:
        raise BadInput(f"{key} 应为 1 到 3600 之间的整数（秒），收到 {value!r}", code="bad_setting")


def _text(value: Any, *, key: str) -> None:
    if not isinstance(value, str) or len(value) > 500:
        raise BadInput(f"{key} 应为不超过 500 字的文字", code="bad_setting")


# Settings whose values the chat reads on every routing decision: a bad one is refused here.
_CHECKS: dict[str, Callable[..., object]] = {
    "working_hours": lambda value, key: parse_hours(value, ZoneInfo("UTC"), key=key),
    "offline_reply_by": parse_clock,
    "assign_reply_seconds": _seconds,
    "agent_intro": _text,
}


def do_set(session: Session, *, key: str, value: Any) -> None:
    if key not in DEFAULTS:
        raise BadInput(f"没有这项设置：{key}", code="unknown_setting")
    if key in _CHECKS:
        _CHECKS[key](value, key=key)
    row = session.get(ShopSetting, key)
    if row is None:
        session.add(ShopSetting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def working_hours(session: Session) -> WorkingHours:
    return parse_hours(get(session, "working_hours"), ZoneInfo(get_settings().shop_timezone))

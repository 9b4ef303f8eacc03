"""The demo's customer segments and care campaigns, so the supervisor's 客户分群 and
关怀活动 pages have data on first open: segments over the demo's tags, spend, birthdays
and order dates, four campaigns, and one call-task campaign already run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.care import service as care_service
from kefu.crm import segments
from kefu.kit import clock
from kefu.models import Agent

# name, rules (``{quiet}`` in a value is replaced by the day 30 days before the anchor)
SEGMENTS: list[tuple[str, dict[str, Any]]] = [
    ("VIP 客户", {"rules": [{"field": "tag", "op": "has", "value": "VIP"}]}),
    ("高消费客户", {"rules": [{"field": "spend", "op": ">=", "value": "1500"}]}),
    ("本月生日", {"rules": [{"field": "birthday_this_month", "op": "is"}]}),
    ("30 天未下单", {"rules": [{"field": "last_order", "op": "before", "value": "{quiet}"}]}),
    (
        "需要安抚的客户",
        {
            "match": "any",
            "rules": [
                {"field": "tag", "op": "has", "value": "差评风险"},
                {"field": "tag", "op": "has", "value": "爱砍价"},
            ],
        },
    ),
]
# name, kind, action, segment name, days after, template
CAMPAIGNS = [
    (
        "老客感恩回馈",
        "holiday",
        "message",
        "VIP 客户",
        None,
        "{买家昵称}您好，{店铺名}感谢您一直以来的支持，老客专享券已放入您的账户，祝您购物愉快！",
    ),
    ("生日祝福", "birthday", "message", None, None, "{买家昵称}，{店铺名}祝您生日快乐！"),
    (
        "签收回访",
        "delivered",
        "call_task",
        None,
        None,
        "您好，我是{店铺名}的客服，想了解一下订单 {订单号} 的商品用得怎么样？",
    ),
    (
        "30 天使用回访",
        "return_visit",
        "call_task",
        None,
        30,
        "您好，订单 {订单号} 的商品已经用了一个月，有任何问题都可以随时联系{店铺名}。",
    ),
]


def seed_care(db: Session, *, author: Agent, anchor: dt.date) -> None:
    quiet = (anchor - dt.timedelta(days=30)).isoformat()
    saved = {}
    for name, rules in SEGMENTS:
        filled = {
            **rules,
            "rules": [
                {**rule, "value": quiet} if rule.get("value") == "{quiet}" else rule
                for rule in rules["rules"]
            ],
        }
        saved[name] = segments.do_save(db, name=name, rules=filled, author=author)
    for name, kind, action, segment, days, template in CAMPAIGNS:
        campaign = care_service.do_create(
            db,
            data=care_service.CampaignIn(
                name=name,
                kind=kind,
                action=action,
                template=template,
                segment_id=saved[segment].id if segment else None,
                days_after=days,
            ),
            author=author,
        )
        if kind == "delivered":
            care_service.do_run(db, campaign=campaign, author=author, now=clock.now())

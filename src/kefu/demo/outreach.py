"""The demo's follow-ups and incident notices (issue 16), so the 询单跟进 and 异常通知
pages have data on first open: inquirers of the last two weeks followed up (two contacts
overdue, one to come, one reached who then paid), one notice given by phone (hotline call
tasks) to the buyers of a courier's parcels and one prepared, not yet sent."""

from __future__ import annotations

import datetime as dt

from kefu.demo.replay import HOUR, Demo, at
from kefu.followup import service as followup_service
from kefu.incident import service as incident_service
from kefu.models import FollowUp

# reason, note, second contact (hours after it was recorded)
FOLLOW_UPS = [
    ("size", "想要 M 码，补货后通知", 20),
    ("hesitant", "还在比较别家", 30),
    ("logistics", "担心偏远地区不包邮", 44),
]
COURIER_TEXT = (
    "{买家昵称}您好，受天气影响，中通快递华东分拨中心暂停发运，您的订单 {订单号} 可能晚到 1–2 天，"
    "我们会持续跟进物流，给您添麻烦了。"
)
STOCK_TEXT = (
    "{买家昵称}您好，非常抱歉，您的订单 {订单号} 中的商品因供应商缺货将延迟 3 天发货，"
    "我们会优先为您安排；如不想等待，可联系客服取消订单。"
)


def seed_outreach(demo: Demo) -> None:
    _follow_ups(demo)
    _incidents(demo)


def _follow_ups(demo: Demo) -> None:
    """Three inquirers followed up (two contacts overdue, one to come), and one who was
    reached and paid three hours later (an order the demo's history already holds). The
    inquiries are at most 12 days old: the page shows the last 14 days by the shop's
    calendar, so a demo built just before midnight still shows them after it."""
    rows = followup_service.rows(
        demo.db, start=demo.ago(12 * 24), end=demo.ago(5 * 24), now=demo.ago(40)
    )
    paid = {
        (o["customer"], dt.datetime.fromisoformat(o["paid_at"]))
        for o in demo.orders
        if o.get("paid_at")
    }
    converted = next(
        (
            (row, at_)
            for row in rows
            for customer, at_ in sorted(paid)
            if customer == row.customer_id and row.inquired_at + 80 * HOUR < at_ < demo.ago(2)
        ),
        None,
    )
    agent = demo.agent("xiaomei")
    if converted is not None:
        row, paid_at = converted
        with at(paid_at - 10 * HOUR):
            followup = _record(demo, row, "price", "嫌贵，活动开始时发优惠券", paid_at - 4 * HOUR)
        with at(paid_at - 3 * HOUR):
            followup_service.do_contact(
                demo.db, followup=followup, round_no=2, note="已发 20 元优惠券", agent=agent
            )
    others = [row for row in rows if converted is None or row is not converted[0]]
    for row, (reason, note, hours) in zip(others[-len(FOLLOW_UPS) :], FOLLOW_UPS, strict=False):
        with at(demo.ago(40)):
            _record(demo, row, reason, note, demo.ago(40) + hours * HOUR)


def _record(
    demo: Demo, row: followup_service.Row, reason: str, note: str, second: dt.datetime
) -> FollowUp:
    return followup_service.do_record(
        demo.db,
        customer_id=row.customer_id,
        inquired_at=row.inquired_at,
        reason=reason,
        note=note,
        second_due_at=second,
        third_due_at=second + 72 * HOUR,
        agent=demo.agent("xiaomei"),
    )


def _incidents(demo: Demo) -> None:
    boss = demo.agent("wangjie")
    shipped = [o for o in demo.orders_in("shipped") if o.get("courier")]
    courier = shipped[0]["courier"] if shipped else "中通快递"
    with at(demo.ago(1)):
        sent = incident_service.do_create(
            demo.db,
            data=incident_service.NoticeIn(
                title=f"{courier}分拨中心停运，包裹延误",
                text=COURIER_TEXT.replace("中通快递", courier),
                channel="call_task",
                filters={"courier": courier, "statuses": ["shipped"]},
            ),
            author=boss,
        )
        incident_service.do_send(demo.db, notice=sent, author=boss, now=demo.ago(1))
    product = demo.orders_in("paid")[0]["items"][0]["product"]
    with at(demo.ago(1)):
        incident_service.do_create(
            demo.db,
            data=incident_service.NoticeIn(
                title="供应商缺货，延迟发货",
                text=STOCK_TEXT,
                channel="chat",
                filters={"product_id": product, "statuses": ["paid"]},
            ),
            author=demo.agent("xiaowang"),
        )

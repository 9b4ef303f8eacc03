"""The demo shop's open cases, done through the services as they happened (see
kefu.demo.replay): refunds walked to their states, complaints with promises and
follow-ups, reviews handled, parcels lost, 留言 left overnight; then the scheduler's
evaluators run once, and the routine of earlier days is marked done, so every list of
every role has something in it on first open."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.aftersale import cases, product_review, refunds
from kefu.aftersale import queries as aftersale_queries
from kefu.chat import service as chat_service
from kefu.demo import desk, fulfil, hotline, words
from kefu.demo.aftercare import do_seed_aftercare
from kefu.demo.live import do_seed_live_chats
from kefu.demo.outreach import seed_outreach
from kefu.demo.plan import (
    FRESH_REVIEW_DAYS,
    OPEN_COMPLAINTS,
    OPEN_REFUNDS,
    fresh_review_id,
    open_refund_id,
)
from kefu.demo.replay import HOUR, Demo, Lines, Served, at
from kefu.models.aftersale import RefundStatus
from kefu.models.order import TrackingStatus
from kefu.models.work import TaskKind, TaskStatus
from kefu.order import actions as order_actions
from kefu.order import jobs as order_jobs
from kefu.order import logistics
from kefu.order import service as order_service
from kefu.scheduler import EVALUATORS
from kefu.shop import service as shop
from kefu.task import service as task_service


def do_seed_open_work(db: Session, *, now: dt.datetime, orders: Lines, served: Served) -> None:
    """``served``: each past session's agent and when it closed, as the history says."""
    demo = Demo(db, now, orders)
    shop.do_set(db, key="working_hours", value="00:00-24:00")
    shop.do_set(db, key="pay_call_amount", value="600")  # some unpaid orders are called
    _refund_steps(demo)
    _complaints(demo)
    _handled_reviews(demo)
    _logistics(demo)
    _order_changes(demo)
    fulfil.do_seed_fulfilment(demo)
    _offline_messages(demo)
    desk.do_give_tasks(demo)
    hotline.do_seed_calls(demo)
    desk.do_check_quality(demo, served)
    do_seed_aftercare(demo)
    _scheduler(demo)
    do_seed_live_chats(demo)
    seed_outreach(demo)


# Evaluators whose windows follow the orders' own times ran as the scheduler did over
# the last days, and the team did what they asked within hours: (evaluator, its task,
# hours to do it, the note). The others read the latest state, so they run once, now.
ROUTINE = (
    (order_jobs.payment_reminders, TaskKind.payment_reminder, 2, "已提醒买家付款"),
    (order_jobs.shipping_notices, TaskKind.shipping_notice, 1, "已发送发货通知"),
    (order_jobs.delivery_followups, TaskKind.delivery_followup, 3, "已发签收回访"),
)
TICKS = (72, 48, 36, 24, 12)  # hours ago


def _scheduler(demo: Demo) -> None:
    """Earlier days' routine tasks are done; the last half-day's are still open."""
    for hours in TICKS:
        tick = demo.ago(hours)
        with at(tick):
            for evaluate, _kind, _hours, _note in ROUTINE:
                evaluate(demo.db, now=tick)
    with at(demo.now):
        for evaluate in EVALUATORS:
            evaluate(demo.db, now=demo.now)
    for order in demo.orders:
        for _evaluate, kind, hours, note in ROUTINE:
            task = task_service.open_task_for_order(demo.db, kind=kind, order_id=order["id"])
            if task is not None and task.created_at + hours * HOUR < demo.ago(3):
                with at(task.created_at + hours * HOUR):
                    task_service.do_finish(demo.db, task=task, status=TaskStatus.done, note=note)


STEP_NOTES = {
    RefundStatus.rejected: "商品已使用、吊牌已剪，不符合七天无理由退货",
    RefundStatus.received: "验货完好，吊牌齐全",
}


def _refund_steps(demo: Demo) -> None:
    """Walk each open case to its state: small ones by 售后, large ones by 退款审核."""
    for number, case in enumerate(OPEN_REFUNDS, start=1):
        refund = refunds.get_refund(demo.db, open_refund_id(number))
        crew = ("zhoujie", "ahui") if case.big else ("xiaowang", "lanlan")
        actor = demo.agent(crew[number % 2])
        for state, hours in case.steps[1:]:
            to = RefundStatus(state)
            with at(demo.ago(hours)):
                refunds.do_transition(
                    demo.db,
                    refund=refund,
                    to=to,
                    actor=actor,
                    note=STEP_NOTES.get(to),
                    tracking_no=f"YT{number:04d}{int(hours):04d}",
                )


def _complaints(demo: Demo) -> None:
    """Open complaints with their promised times (one overdue, one nearly due), the
    follow-ups logged since, and one resolved earlier today."""
    delivered = demo.orders_in("delivered")
    for number, (hours, promise, category, owner, summary) in enumerate(OPEN_COMPLAINTS):
        order = delivered[-1 - number * 7]
        opened = demo.ago(hours)
        with at(opened):
            complaint = cases.do_open_complaint(
                demo.db,
                customer_id=order["customer"],
                category=category,
                summary=summary,
                promised_by=opened + promise * HOUR,
                owner=demo.agent(owner),
                order_id=order["id"],
            )
        with at(opened + min(hours / 2, 6) * HOUR):
            cases.do_follow_up(
                demo.db,
                complaint=complaint,
                author=demo.agent(owner),
                text="已电话联系买家，正在与仓库核实，稍后回复处理方案",
                channel="phone",
            )
    order = delivered[-40]
    with at(demo.ago(40)):
        settled = cases.do_open_complaint(
            demo.db,
            customer_id=order["customer"],
            category="logistics",
            summary="包裹外箱破损，买家要求补偿",
            promised_by=demo.ago(16),
            owner=demo.agent("xiaowang"),
            order_id=order["id"],
        )
    with at(demo.ago(20)):
        cases.do_resolve(
            demo.db,
            complaint=settled,
            author=demo.agent("xiaowang"),
            resolution="补偿 10 元无门槛券，买家表示满意",
        )


def _handled_reviews(demo: Demo) -> None:
    """Reviews older than a week were handled (except two this month's that slipped);
    of the recent ones the team contacted a few buyers, and one revised hers."""
    fresh = {fresh_review_id(n) for n in range(len(FRESH_REVIEW_DAYS))}
    for review in aftersale_queries.reviews_with_text(demo.db, limit=200):
        age = demo.now - review.at
        author = demo.agent("lanlan" if len(review.id) % 2 else "xiaowang")
        if age > dt.timedelta(days=8) and review.id not in fresh:
            with at(review.at + dt.timedelta(days=2)):
                product_review.do_record_result(
                    demo.db,
                    review=review,
                    author=author,
                    result="explained",
                    note="已向买家说明原因并致歉",
                )
        elif dt.timedelta(days=4) < age:
            with at(review.at + dt.timedelta(days=1)):
                product_review.do_log_contact(
                    demo.db, review=review, author=author, channel="chat", text="已联系买家，待回复"
                )
    revised = product_review.get_review(demo.db, fresh_review_id(6))
    with at(revised.at + dt.timedelta(days=3)):
        product_review.do_record_result(
            demo.db,
            review=revised,
            author=demo.agent("xiaowang"),
            result="revised",
            note="补发配件后买家改为好评",
            revised_rating="good",
        )


def _logistics(demo: Demo) -> None:
    """A lost parcel, one returned to sender, and a signed one the buyer never got."""
    shipped = demo.orders_in("shipped")
    for order, status, hours, text in (
        (shipped[0], TrackingStatus.lost, 20, "快件在转运中遗失，快递公司已登记理赔"),
        (shipped[1], TrackingStatus.returned, 6, "收件人地址不详，快件退回寄件人"),
    ):
        order_service.do_record_tracking(
            demo.db, order_id=order["id"], at=demo.ago(hours), status=status, description=text
        )
    signed = demo.orders_in("delivered")[-3]
    with at(demo.ago(2)):
        logistics.do_report_not_received(
            demo.db,
            order=order_service.get_order(demo.db, order_id=signed["id"]),
            agent=demo.agent("xiaowang"),
            note="买家说快递柜里没有包裹",
        )


def _order_changes(demo: Demo) -> None:
    """A quantity the buyer changed after paying: the 审单 queue shows it."""
    paid = demo.orders_in("paid")[-2]
    with at(demo.ago(3)):
        order_actions.do_change_quantity(
            demo.db,
            order=order_service.get_order(demo.db, order_id=paid["id"]),
            line_no=1,
            qty=3,
            actor=demo.agent("xiaomei"),
        )


def _offline_messages(demo: Demo) -> None:
    """Buyers who wrote while nobody was at work (the bot was off that night): 留言
    for 售前 and 售后, some already past their reply time."""
    enabled = shop.get(demo.db, "bot_enabled")
    shop.do_set(demo.db, key="bot_enabled", value=False)
    for number, (text, hours) in enumerate(words.OFFLINE_MESSAGES):
        with at(demo.ago(hours)):
            chat_service.do_buyer_send(
                demo.db,
                customer_id=demo.orders[number * 11]["customer"],
                client_id=f"demo-offline-{number}",
                text=text,
            )
    shop.do_set(demo.db, key="bot_enabled", value=enabled)

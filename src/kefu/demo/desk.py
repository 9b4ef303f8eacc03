"""The demo shop's desks: each agent's own tasks and the hotline's calls, quality
inspection with its queue and reviews, the supervisor's segments and campaigns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kefu.config import get_settings
from kefu.crm import service as crm_service
from kefu.crm.schemas import CallIn
from kefu.demo.plan import open_refund_id
from kefu.demo.replay import HOUR, Demo, Served, at
from kefu.kit.paging import MAX_PAGE_SIZE, PageParams
from kefu.models.work import TaskKind
from kefu.qc import qc_review
from kefu.qc import service as qc_service
from kefu.task import service as task_service


def do_check_quality(demo: Demo, served: Served) -> None:
    """The last two weeks' sessions inspected, flagged ones and this and last week's
    sample queued, and a few reviewed by 质检 for several agents."""
    since = demo.now - dt.timedelta(days=14)
    for session_id, (agent_id, closed) in sorted(served.items()):
        if closed >= since:
            qc_service.do_record_inspection(demo.db, session_id=session_id, agent_id=agent_id)
    monday = demo.now.date() - dt.timedelta(days=demo.now.weekday())
    tz = get_settings().shop_timezone
    for week in (monday - dt.timedelta(days=7), monday):
        qc_review.do_sample_week(demo.db, week_start=week, tz=tz)
    seen: set[str | None] = set()
    queue = qc_review.queue(demo.db, params=PageParams(page_size=MAX_PAGE_SIZE))["items"]
    for number, item in enumerate(queue):
        if item["agent_id"] in seen or len(seen) == 4:
            continue
        seen.add(item["agent_id"])
        with at(demo.ago(2 + number)):
            qc_review.do_review(
                demo.db,
                reviewer=demo.agent("liulaoshi" if len(seen) % 2 else "xiaoxu"),
                session_id=item["session_id"],
                sheet=qc_review.ReviewIn(
                    quantified=80 + 3 * len(seen),
                    quality=75 + 4 * len(seen),
                    skills=85,
                    comment="回复及时，注意少用语气词和感叹号",
                ),
            )


def _task(
    demo: Demo,
    login: str,
    title: str,
    due_hours: float,
    kind: TaskKind = TaskKind.callback,
    **about: Any,
) -> None:
    """A task for one agent, opened three hours ago, due ``due_hours`` from now."""
    with at(demo.ago(3)):
        task_service.do_open(
            demo.db,
            kind=kind,
            title=title,
            due_at=demo.now + due_hours * HOUR,
            assignee_id=login,
            **about,
        )


def do_give_tasks(demo: Demo) -> None:
    """Each role's own tasks: 热线 calls with follow-ups and reminders for large unpaid
    orders, 审单 address checks, 退款审核 call-backs, 质检 reviews with agents, 售前
    return visits, the supervisor's escalated buyer."""
    recent = [
        o
        for o in demo.orders_in("unpaid")
        if dt.datetime.fromisoformat(o["created_at"]) > demo.ago(20)
    ]
    unpaid = sorted(recent, key=lambda o: float(o["amount"]))
    for login, order in zip(("xiaozhao", "afang"), unpaid[-2:], strict=True):
        _task(
            demo,
            login,
            f"催付（大额，电话）：订单 {order['id']}（¥{order['amount']}）",
            2,
            kind=TaskKind.payment_reminder,
            dedupe_key=f"pay:{order['id']}",
            customer_id=order["customer"],
            order_id=order["id"],
        )
        customer = crm_service.get_customer(demo.db, order["customer"])
        crm_service.do_log_call(
            demo.db,
            customer=customer,
            agent_id=login,
            call=CallIn(
                at=demo.ago(5),
                direction="out",
                duration_s=95,
                topic="大额订单催付",
                result="买家在比价，答应今晚付款",
                follow_up_title=f"再次确认付款：订单 {order['id']}",
                follow_up_due_at=demo.now + 3 * HOUR,
            ),
        )
    no_address = [o for o in demo.orders_in("paid") if "address" not in o]
    for login, order in zip(("laochen", "xiaosun"), no_address, strict=False):
        _task(demo, login, f"电话核对收货地址：订单 {order['id']}（缺少地址）", -1, **_about(order))
    delivered = demo.orders_in("delivered")
    for number, login in enumerate(("zhoujie", "ahui", "liulaoshi", "xiaoxu", "wangjie")):
        order = delivered[number * 13]
        title = {
            "zhoujie": f"回电买家说明退款进度：售后单 {open_refund_id(4)}",
            "ahui": f"复核大额退款：售后单 {open_refund_id(5)}",
            "liulaoshi": "质检复盘：与小美回看被标记的会话",
            "xiaoxu": "质检复盘：与小王回看被标记的会话",
            "wangjie": "回电投诉升级的买家，确认补偿方案",
        }[login]
        _task(demo, login, title, 1.5 - number, **_about(order))
    for number, login in enumerate(("xiaomei", "xiaoli", "ajie", "xiaowang", "lanlan")):
        order = delivered[number * 17 + 5]
        _task(
            demo, login, f"回访：订单 {order['id']} 签收后使用感受", 4 - 2 * number, **_about(order)
        )


def _about(order: dict[str, Any]) -> dict[str, Any]:
    return {"customer_id": order["customer"], "order_id": order["id"]}

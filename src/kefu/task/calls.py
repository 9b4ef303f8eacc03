"""Outbound call tasks (任务类型 外呼): the one kind of task for every call the hotline
makes, whoever asks for it (the hotline desk, a missed call, order/ for a large unpaid
order). Kept on the task floor so that order/ can open one without importing the hotline;
the desk lists them all in one list (kefu.hotline.lists)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit.errors import BadInput
from kefu.models import Task
from kefu.models.work import TaskKind
from kefu.task import service as task_service

# Why the hotline calls a buyer (the task's reason), and what to say if nobody wrote a script.
CALL_REASONS = {
    "cod_confirmation": "货到付款确认",
    "large_unpaid": "大额未付款",
    "at_risk": "流失风险回访",
    "callback": "未接来电回拨",
    "other": "其他",
}
DEFAULT_SCRIPTS = {
    "cod_confirmation": "您好，这里是{店铺}客服。您下了一笔货到付款的订单，想跟您确认一下"
    "收货地址和收货时间，签收时需要现金或扫码付款，请问方便吗？",
    "large_unpaid": "您好，这里是{店铺}客服。看到您有一笔订单还没有付款，是遇到什么问题了吗？"
    "需要的话我可以帮您核对规格和优惠。",
    "at_risk": "您好，这里是{店铺}客服。您有一段时间没来店里了，想听听您对我们的"
    "商品和服务有什么意见，最近店里有适合您的新品和活动。",
    "callback": "您好，这里是{店铺}客服，刚才没能接到您的电话，请问有什么可以帮您？",
    "other": "您好，这里是{店铺}客服。",
}


def script_for(reason: str) -> str:
    """What to say on a call of this reason, with the shop's name."""
    return DEFAULT_SCRIPTS.get(reason, DEFAULT_SCRIPTS["other"]).replace(
        "{店铺}", get_settings().shop_name
    )


def dedupe_key(reason: str, about: str) -> str:
    """One open call per (reason, order) or, without an order, per (reason, customer)."""
    return f"hotline:{reason}:{about}"


def do_open_call(
    db: Session,
    *,
    reason: str,
    who: str,
    customer_id: str | None,
    due_at: dt.datetime,
    script: str | None = None,
    order_id: str | None = None,
    assignee_id: str | None = None,
    group_id: str | None = None,
) -> Task:
    """An outbound call task titled by its reason and ``who`` is called, with the script
    shown beside it (the reason's default if none is given)."""
    if reason not in CALL_REASONS:
        raise BadInput(f"未知的外呼原因：{reason}", code="bad_call_reason")
    return task_service.do_open(
        db,
        kind=TaskKind.hotline_call,
        title=f"{CALL_REASONS[reason]}：{who}" + (f"（订单 {order_id}）" if order_id else ""),
        due_at=due_at,
        dedupe_key=dedupe_key(reason, order_id or customer_id or who),
        assignee_id=assignee_id,
        group_id=group_id,
        customer_id=customer_id,
        order_id=order_id,
        payload={"reason": reason, "script": script or script_for(reason)},
    )


def is_reason(task: Task, reason: str) -> bool:
    return task.kind == TaskKind.hotline_call and (task.payload or {}).get("reason") == reason

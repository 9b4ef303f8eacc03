"""Sending the message a proactive task carries (发货通知, 签收回访, 截单前催付) to its buyer."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.kit.errors import Conflict
from kefu.messaging import service as messaging
from kefu.models import Agent, Task
from kefu.models.work import TaskKind, TaskStatus
from kefu.task import service as task_service

MESSAGE_KINDS = {
    TaskKind.shipping_notice.value,
    TaskKind.delivery_followup.value,
    TaskKind.payment_reminder.value,  # the cut-off reminder carries its message
}


def do_send(db: Session, *, task: Task, agent: Agent) -> Task:
    """Into the buyer's open chat, as a message from the shop; the task is then done.
    With no open chat the agent reaches the buyer another way and closes it by hand."""
    task_service.check_can_finish(agent, task)
    text = (task.payload or {}).get("text")
    if task.kind not in MESSAGE_KINDS or not text or not task.customer_id:
        raise Conflict("这个任务没有要发给买家的消息", code="nothing_to_send")
    live = messaging.live_session(db, customer_id=task.customer_id)
    if live is None:
        raise Conflict("买家当前不在线，请用电话或旺旺联系后手动完成", code="buyer_offline")
    messaging.do_system_send(db, chat_session=live, text=text)
    return task_service.do_finish_by(
        db, task=task, agent=agent, status=TaskStatus.done, note="已发送：" + text
    )

"""大促 (campaign mode) alerts beyond the queue's banner: while orders are near or past
their 24-hour shipping limit, the people who ship (审单 and 主管) each get a task, which
is also what rings their notification bell."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit import clock
from kefu.models.work import TaskKind
from kefu.order import order_review
from kefu.shop import service as shop
from kefu.task import service as task_service
from kefu.team import service as team_service


def campaign_alerts(db: Session, *, now: dt.datetime) -> int:
    """One open alert task per reviewer at a time, about the first order in alert (the
    earliest due) and listing every one; cancelled once that order ships, so the next run
    alerts about what is left. Idempotent by ``dedupe_key``; returns the orders in alert."""
    alerted = (
        [item for item in order_review.queue(db, now=now) if item.alert]
        if shop.get(db, "campaign_mode")
        else []
    )
    task_service.do_cancel_open(
        db,
        kind=TaskKind.campaign_alert,
        keep={item.order.id for item in alerted},
        note="订单已发货或不再预警",
    )
    if not alerted:
        return 0
    first = min(alerted, key=lambda item: item.due_at)
    local = clock.in_zone(first.due_at, get_settings().shop_timezone)
    for agent_id in team_service.active_agent_ids(db, roles=order_review.REVIEW_ROLES):
        task_service.do_open(
            db,
            kind=TaskKind.campaign_alert,
            title=f"大促发货预警：{len(alerted)} 单临近 24 小时时限，最早 {local:%m-%d %H:%M}",
            due_at=first.due_at,
            dedupe_key=f"campaign-alert:{first.order.id}:{agent_id}",
            assignee_id=agent_id,
            order_id=first.order.id,
            payload={"order_ids": [item.order.id for item in alerted], "link": "/order-review"},
        )
    return len(alerted)

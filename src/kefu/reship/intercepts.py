"""Intercepts (拦截): an order cancelled after review may already be in the
warehouse's hands. The warehouse answers by ``due_at``: stopped (拦截成功), or
too late, when the parcel left anyway: the order counts as shipped and comes
back as a return case (退货) the shop opens itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import refunds
from kefu.crm.profile import display_name
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, found
from kefu.kit.paging import PageParams, paged
from kefu.models import Agent, Intercept
from kefu.models.order import OrderStatus
from kefu.models.reship import InterceptStatus
from kefu.order import service as order_service
from kefu.reship import repository
from kefu.reship.schemas import InterceptFilters, InterceptRow
from kefu.team import service as team_service

STATUS_LABELS = {"pending": "待拦截", "intercepted": "已拦截", "too_late": "拦截失败，转退货"}


def get(db: Session, *, intercept_id: str) -> Intercept:
    return found(
        repository.intercept(db, intercept_id), "没有这个拦截单", code="intercept_not_found"
    )


def do_record_result(
    db: Session, *, intercept: Intercept, result: InterceptStatus, note: str | None, actor: Agent
) -> Intercept:
    """The warehouse's answer, once."""
    if intercept.status != InterceptStatus.pending:
        raise Conflict("这个拦截单已有结果", code="intercept_done")
    if result == InterceptStatus.pending:
        raise BadInput("请选择拦截成功或拦截失败", code="bad_result")
    now = clock.now()
    intercept.status, intercept.result_at, intercept.result_by = result.value, now, actor.id
    intercept.result_note = (note or "").strip() or None
    order = order_service.get_order(db, order_id=intercept.order_id)
    if result == InterceptStatus.intercepted:
        order_service.do_log(
            db, order_id=order.id, kind="intercept", text="仓库拦截成功", actor_id=actor.id
        )
        return intercept
    order.status, order.shipped_at = OrderStatus.shipped.value, now
    refund = refunds.do_open_return(
        db, order_id=order.id, amount=order.amount, reason="取消后拦截失败，包裹已发出，转退货"
    )
    intercept.refund_id = refund.id
    order_service.do_log(
        db,
        order_id=order.id,
        kind="intercept",
        text="拦截失败：包裹已发出，转退货",
        actor_id=actor.id,
    )
    return intercept


def intercept_list(db: Session, *, filters: InterceptFilters, params: PageParams) -> dict[str, Any]:
    rows, total = repository.intercept_page(
        db, statuses=[s.value for s in filters.status], q=filters.q, params=params
    )
    names = team_service.names_of(
        db,
        agent_ids={i.requested_by for i, *_ in rows if i.requested_by}
        | {i.result_by for i, *_ in rows if i.result_by},
    )
    now = clock.now()
    items = [
        InterceptRow(
            id=i.id,
            order_id=i.order_id,
            buyer_name=display_name(order.customer_id, nick, name),
            reason=i.reason,
            status=i.status,
            status_label=STATUS_LABELS[i.status],
            requested_at=i.requested_at,
            requested_by_name=names.get(i.requested_by or ""),
            due_at=i.due_at,
            overdue=i.status == InterceptStatus.pending and i.due_at < now,
            result_at=i.result_at,
            result_by_name=names.get(i.result_by or ""),
            result_note=i.result_note,
            refund_id=i.refund_id,
        )
        for i, order, nick, name in rows
    ]
    return paged(items, total, params)

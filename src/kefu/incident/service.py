"""Incident notices (异常通知).

When a supplier fails, stock runs out, a courier stops or a system breaks, staff pick
the affected orders (product or SKU, courier, region, status, order dates), preview
who gets what, and send: into the buyer's open chat (else by e-mail), by e-mail
(mailing/'s outbox), or as call tasks for the hotline. One message per buyer however
many of their orders are affected. Buyers who refuse marketing (crm's opt-out) are
skipped; messages in quiet hours (care's ``care_quiet_hours``) wait until they end
(``tasks.deliver_deferred``). Every affected order's timeline says what its buyer
got. A notice sent again reaches nobody twice (one ``IncidentSend`` per buyer).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from kefu.care import service as care_service
from kefu.config import get_settings
from kefu.crm import service as crm_service
from kefu.incident import delivery, repository
from kefu.kit import clock
from kefu.kit.errors import BadInput, found
from kefu.messaging import service as messaging
from kefu.models import Agent, Customer, IncidentNotice, IncidentSend, Order
from kefu.order import service as order_service
from kefu.shop import service as shop

CHANNELS = {"chat": "在线消息", "email": "邮件", "call_task": "电话通知任务"}
SKIPS = {"opted_out": "买家拒收通知", "no_channel": "买家不在线且没有邮箱", "merged": "客户已合并"}
VARIABLES = ("买家昵称", "订单号", "店铺名")
VARIABLE = re.compile(r"\{([^{}]+)\}")
FILTER_KEYS = ("product_id", "sku_id", "courier", "region", "statuses", "from", "to")


@dataclass(frozen=True)
class NoticeIn:
    title: str
    text: str
    channel: str
    filters: dict[str, Any]


@dataclass(frozen=True)
class Planned:
    customer_id: str
    order_ids: list[str]
    channel: str | None
    status: str  # sent, deferred, skipped, already
    reason: str | None
    text: str
    address: str | None = None
    earlier: str | None = None  # for ``already``: what that send became (sent, deferred, skipped)


@dataclass
class Plan:
    orders: int = 0
    buyers: list[Planned] = field(default_factory=list)
    quiet_until: dt.datetime | None = None

    def count(self, status: str) -> int:
        return sum(1 for planned in self.buyers if planned.status == status)


def check(data: NoticeIn) -> NoticeIn:
    if not data.title.strip() or not data.text.strip():
        raise BadInput("通知需要标题和内容", code="bad_notice")
    if data.channel not in CHANNELS:
        raise BadInput("发送方式应为在线消息、邮件或电话通知任务", code="bad_channel")
    unknown = sorted(set(VARIABLE.findall(data.text)) - set(VARIABLES))
    if unknown:
        raise BadInput(f"内容有误：未知变量 {'、'.join(unknown)}", code="bad_template")
    given = data.filters.items()
    filters = {k: v for k, v in given if k in FILTER_KEYS and v not in (None, "", [])}
    if not set(filters) - {"from", "to", "statuses"}:
        raise BadInput("请至少选择商品、SKU、快递公司或地区之一", code="no_filter")
    _dates(filters)  # refuses bad dates now, not at send time
    return NoticeIn(data.title.strip(), data.text.strip(), data.channel, filters)


def _dates(filters: dict[str, Any]) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``from`` and ``to`` order dates (both included) as absolute bounds in the shop's zone."""
    tz = get_settings().shop_timezone
    try:
        first = dt.date.fromisoformat(filters["from"]) if filters.get("from") else None
        last = dt.date.fromisoformat(filters["to"]) if filters.get("to") else None
    except (TypeError, ValueError):
        raise BadInput("下单日期格式应为 2026-11-01", code="bad_period") from None
    start = clock.local_midnight(first, tz) if first else None
    end = clock.local_midnight(last + dt.timedelta(days=1), tz) if last else None
    return start, end


def do_create(db: Session, *, data: NoticeIn, author: Agent) -> IncidentNotice:
    data = check(data)
    row = IncidentNotice(
        id=shop.case_number(db, prefix="YC", model=IncidentNotice),
        title=data.title,
        text=data.text,
        channel=data.channel,
        filters=data.filters,
        created_by=author.id,
        created_at=clock.now(),
    )
    repository.add(db, row)
    return row


def get_notice(db: Session, notice_id: str) -> IncidentNotice:
    return found(repository.notice(db, notice_id), "没有这条通知", code="notice_not_found")


def affected(db: Session, *, filters: dict[str, Any]) -> list[Order]:
    start, end = _dates(filters)
    return repository.affected_orders(
        db,
        product_id=filters.get("product_id"),
        sku_id=filters.get("sku_id"),
        courier=filters.get("courier"),
        region=filters.get("region"),
        statuses=list(filters.get("statuses") or []),
        start=start,
        end=end,
    )


def preview(db: Session, *, notice: IncidentNotice, now: dt.datetime | None = None) -> Plan:
    """Who would get what now, and who not and why; writes nothing. ``do_send`` sends
    exactly this plan."""
    now = now or clock.now()
    orders = affected(db, filters=notice.filters)
    by_buyer: dict[str, list[str]] = {}
    for order in orders:
        by_buyer.setdefault(order.customer_id, []).append(order.id)
    earlier = repository.sends_of(db, notice.id)
    plan = Plan(orders=len(orders), quiet_until=care_service.quiet_until(db, now))
    for customer_id, order_ids in by_buyer.items():
        customer = crm_service.get_customer(db, customer_id)
        plan.buyers.append(_plan(db, notice, customer, order_ids, plan, earlier))
    return plan


def _plan(
    db: Session,
    notice: IncidentNotice,
    customer: Customer,
    order_ids: list[str],
    plan: Plan,
    earlier: dict[str, IncidentSend],
) -> Planned:
    text = render(notice.text, customer, order_ids)
    if customer.id in earlier:
        done = earlier[customer.id]
        return Planned(
            customer.id, order_ids, done.channel, "already", done.reason, text, earlier=done.status
        )
    reason = "merged" if customer.merged_into_id else None
    reason = "opted_out" if customer.marketing_opt_out else reason
    channel, address = (None, None) if reason else _channel(db, notice.channel, customer)
    if reason is None and channel is None:
        reason = "no_channel"
    if reason is not None:
        return Planned(customer.id, order_ids, None, "skipped", reason, text)
    deferred = plan.quiet_until is not None and channel != "call_task"
    status = "deferred" if deferred else "sent"
    return Planned(customer.id, order_ids, channel, status, None, text, address)


def _channel(db: Session, wanted: str, customer: Customer) -> tuple[str | None, str | None]:
    if wanted == "call_task":
        return "call_task", None
    if wanted == "chat" and messaging.live_session(db, customer_id=customer.id) is not None:
        return "chat", None
    return ("email", customer.email) if customer.email else (None, None)


def render(template: str, customer: Customer, order_ids: list[str]) -> str:
    values = {
        "买家昵称": customer.nick or "亲",
        "订单号": "、".join(order_ids),
        "店铺名": get_settings().shop_name,
    }
    return VARIABLE.sub(lambda m: values.get(m.group(1), ""), template)


def do_send(
    db: Session, *, notice: IncidentNotice, author: Agent, now: dt.datetime | None = None
) -> Plan:
    """Send the plan: each buyer not reached before gets one message (or one call
    task), now or when quiet hours end; every affected order's timeline notes it."""
    now = now or clock.now()
    plan = preview(db, notice=notice, now=now)
    for planned in plan.buyers:
        if planned.status == "already":
            continue
        # calls are not made in quiet hours either: the task falls due when they end
        due = (
            plan.quiet_until
            if planned.status == "deferred" or planned.channel == "call_task"
            else None
        )
        row = IncidentSend(
            notice_id=notice.id,
            customer_id=planned.customer_id,
            order_ids=planned.order_ids,
            channel=planned.channel,
            status=planned.status,
            reason=planned.reason,
            address=planned.address,
            due_at=due or now,
            at=now,
        )
        repository.add(db, row)
        if planned.status == "sent":
            delivery.deliver(db, notice=notice, send=row, text=planned.text, now=now)
        _log(db, notice, row, author)
    notice.sent_at = notice.sent_at or now
    db.flush()
    return plan


def _log(db: Session, notice: IncidentNotice, row: IncidentSend, author: Agent) -> None:
    how = CHANNELS.get(row.channel or "", "")
    if row.status == "skipped":
        said = f"未发送（{SKIPS.get(row.reason or '', row.reason)}）"
    elif row.status == "deferred":
        local = clock.in_zone(row.due_at, get_settings().shop_timezone)
        said = f"免打扰时段，{how}将于 {local:%m-%d %H:%M} 发出"
    else:
        said = f"已{'建' if row.channel == 'call_task' else '发'}{how}"
    for order_id in row.order_ids:
        order_service.do_log(
            db,
            order_id=order_id,
            kind="notice",
            text=f"异常通知「{notice.title}」：{said}",
            actor_id=author.id,
        )

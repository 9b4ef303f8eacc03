"""Repairs, installations and 三包.

A product carries its warranty in days (``Product.warranty_days``); an order line's warranty
ends at the end of the local day ``days`` after delivery (三包 counts from 签收, in the shop's
zone). A service order moves opened → scheduled (appointment, technician) → in_progress (the
technician's notes, parts used) → done (result), or is cancelled; each step has an absolute
deadline (``due_at``) and the buyer is told at each step in their chat (or the owner gets a
call task when they have no open chat).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import cases, details
from kefu.catalog import service as catalog_service
from kefu.config import get_settings
from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.kit.actions import allowed
from kefu.kit.errors import BadInput, Conflict, Forbidden, found
from kefu.kit.paging import PageParams, paged
from kefu.models import Agent, Order, ServiceOrder
from kefu.models.aftercare import ServiceKind, ServiceStatus
from kefu.models.team import AFTERSALE_DESK, HOTLINE_DESK, Role
from kefu.order import service as order_service
from kefu.repair import repository
from kefu.repair.schemas import ServiceFilters, WarrantyLine
from kefu.shop import service as shop
from kefu.team import service as team_service

ROLES = (*AFTERSALE_DESK, *HOTLINE_DESK, Role.supervisor)
KIND_LABELS = {"repair": "维修", "install": "安装"}
TO_SCHEDULE = dt.timedelta(hours=24)  # the buyer is given an appointment within a day
TO_FINISH = dt.timedelta(hours=72)  # the visit's result within three days
ACTION_LABELS = {
    "schedule": "预约上门",
    "visit": "记录上门",
    "finish": "完成",
    "cancel": "取消",
}


def _zone() -> str:
    return get_settings().shop_timezone


def warranty_end(*, delivered_at: dt.datetime | None, days: int | None) -> dt.datetime | None:
    """The end of the local day ``days`` after delivery; None before delivery or without
    a warranty."""
    if delivered_at is None or not days:
        return None
    day = clock.in_zone(delivered_at, _zone()).date() + dt.timedelta(days=days + 1)
    return clock.local_midnight(day, _zone())


def warranty_lines(db: Session, *, order: Order) -> list[WarrantyLine]:
    """Each line of the order with its product's warranty and when it ends."""
    lines = order_service.order_lines(db, order=order)
    days = repository.warranty_days(db, {line["product_id"] for line in lines})
    now = clock.now()
    out = []
    for line in lines:
        span = days.get(line["product_id"])
        end = warranty_end(delivered_at=order.delivered_at, days=span)
        covered = bool(span) and (end is None or now < end)
        out.append(
            WarrantyLine(
                line_no=line["line_no"],
                product_id=line["product_id"],
                title=line["title"],
                warranty_days=span,
                warranty_end=end,
                in_warranty=covered,
            )
        )
    return out


def check_role(agent: Agent) -> None:
    if Role(agent.role) not in ROLES:
        raise Forbidden("只有售后、热线和主管可以处理维修安装", code="not_aftersale")


def _local(at: dt.datetime) -> str:
    return clock.in_zone(at, _zone()).strftime("%m月%d日 %H:%M")


def _tell(db: Session, service: ServiceOrder, author: Agent, text: str, step: str) -> None:
    """Tell the buyer and log what they were told, on the service order's timeline."""
    channel = cases.tell_buyer(
        db,
        customer_id=service.customer_id,
        text=text,
        owner=author,
        about=f"{KIND_LABELS[service.kind]}单（订单 {service.order_id}）{step}",
    )
    cases.add_note(db, "service", service.id, author, "told", text, channel)


def do_open(
    db: Session, *, order_id: str, line_no: int, kind: ServiceKind, problem: str, owner: Agent
) -> ServiceOrder:
    check_role(owner)
    order = order_service.get_order(db, order_id=order_id)
    line = next((w for w in warranty_lines(db, order=order) if w.line_no == line_no), None)
    if line is None:
        raise BadInput(f"订单 {order_id} 没有第 {line_no} 行商品", code="bad_line")
    if not problem.strip():
        raise BadInput("请写明问题或安装要求", code="empty_problem")
    now = clock.now()
    service = ServiceOrder(
        id=shop.case_number(db, prefix="FW", model=ServiceOrder),
        kind=kind.value,
        status=ServiceStatus.opened.value,
        order_id=order.id,
        line_no=line_no,
        product_id=line.product_id,
        customer_id=order.customer_id,
        owner_id=owner.id,
        problem=problem.strip(),
        in_warranty=line.in_warranty,
        opened_at=now,
        due_at=now + TO_SCHEDULE,
    )
    repository.add(db, service)
    cover = "在三包期内，免费处理" if line.in_warranty else "已过三包期，可能产生费用"
    _tell(
        db,
        service,
        owner,
        f"您的{KIND_LABELS[kind]}申请已受理（{line.title}，单号 {service.id}，{cover}），"
        f"我们将在 {_local(service.due_at)} 前与您约定上门时间。",
        "已受理",
    )
    return service


def get(db: Session, service_id: str) -> ServiceOrder:
    found_row = repository.service_order(db, service_id)
    return found(found_row, "没有这个维修安装单", code="service_not_found")


def _check_state(service: ServiceOrder, *states: ServiceStatus) -> None:
    if ServiceStatus(service.status) not in states:
        raise Conflict("维修安装单当前状态不能这样处理", code="bad_service_state")


def do_schedule(
    db: Session,
    *,
    service: ServiceOrder,
    actor: Agent,
    appointment_at: dt.datetime,
    technician: str,
) -> ServiceOrder:
    """An appointment (or a new one): it becomes the step's deadline."""
    check_role(actor)
    _check_state(service, ServiceStatus.opened, ServiceStatus.scheduled)
    if appointment_at <= clock.now():
        raise BadInput("预约时间须晚于现在", code="bad_appointment")
    service.status = ServiceStatus.scheduled.value
    service.appointment_at = clock.ensure_aware(appointment_at)
    service.technician = technician.strip()
    service.due_at = service.appointment_at
    _tell(
        db,
        service,
        actor,
        f"已为您预约{KIND_LABELS[service.kind]}：{_local(service.appointment_at)}，"
        f"师傅 {service.technician}，届时请保持电话畅通。",
        "已预约",
    )
    return service


def do_visit(
    db: Session, *, service: ServiceOrder, actor: Agent, note: str, parts: list[str]
) -> ServiceOrder:
    """The technician's notes and the parts used; the result is due within three days."""
    check_role(actor)
    _check_state(service, ServiceStatus.scheduled, ServiceStatus.in_progress)
    if not note.strip():
        raise BadInput("请填写师傅的处理记录", code="empty_note")
    used = [part.strip() for part in parts if part.strip()]
    service.parts = [*(service.parts or []), *used]
    if service.status != ServiceStatus.in_progress:
        service.status = ServiceStatus.in_progress.value
        service.due_at = clock.now() + TO_FINISH
    cases.add_note(db, "service", service.id, actor, "visit", note.strip())
    replaced = f"，已更换：{'、'.join(used)}" if used else ""
    _tell(
        db,
        service,
        actor,
        f"师傅已上门处理您的{KIND_LABELS[service.kind]}{replaced}，"
        f"我们将在 {_local(service.due_at)} 前告知您结果。",
        "处理中",
    )
    return service


def do_finish(db: Session, *, service: ServiceOrder, actor: Agent, result: str) -> ServiceOrder:
    check_role(actor)
    _check_state(service, ServiceStatus.in_progress)
    service.status = ServiceStatus.done.value
    service.result = result.strip()
    service.closed_at = clock.now()
    service.due_at = None
    _tell(
        db, service, actor, f"您的{KIND_LABELS[service.kind]}已完成：{service.result}。", "已完成"
    )
    return service


def do_cancel(db: Session, *, service: ServiceOrder, actor: Agent, result: str) -> ServiceOrder:
    check_role(actor)
    _check_state(service, ServiceStatus.opened, ServiceStatus.scheduled)
    service.status = ServiceStatus.cancelled.value
    service.result = result.strip()
    service.closed_at = clock.now()
    service.due_at = None
    _tell(
        db,
        service,
        actor,
        f"您的{KIND_LABELS[service.kind]}申请已取消：{service.result}。",
        "已取消",
    )
    return service


def actions(*, service: ServiceOrder, agent: Agent) -> list[dict[str, str]]:
    states = {
        "schedule": (ServiceStatus.opened, ServiceStatus.scheduled),
        "visit": (ServiceStatus.scheduled, ServiceStatus.in_progress),
        "finish": (ServiceStatus.in_progress,),
        "cancel": (ServiceStatus.opened, ServiceStatus.scheduled),
    }
    checks = {
        name: (lambda s=s: (check_role(agent), _check_state(service, *s)))
        for name, s in states.items()
    }
    return allowed(checks, ACTION_LABELS)


def _items(db: Session, rows: list[Any]) -> list[dict[str, Any]]:
    services = [row[0] for row in rows]
    buyers = crm_service.display_names(db, customer_ids={s.customer_id for s in services})
    owners = team_service.names_of(db, agent_ids={s.owner_id for s in services})
    now = clock.now()
    return [
        {
            **{f: getattr(s, f) for f in ITEM_FIELDS},
            "product_title": title,
            "buyer_name": buyers.get(s.customer_id, s.customer_id),
            "owner_name": owners.get(s.owner_id, s.owner_id),
            "overdue": s.due_at is not None and s.due_at < now,
        }
        for s, (_, title) in zip(services, rows, strict=True)
    ]


ITEM_FIELDS = (
    "id",
    "kind",
    "status",
    "order_id",
    "line_no",
    "customer_id",
    "problem",
    "in_warranty",
    "appointment_at",
    "technician",
    "due_at",
    "opened_at",
)


def service_list(db: Session, *, filters: ServiceFilters, params: PageParams) -> dict[str, Any]:
    """Service orders, the nearest deadline first (finished ones last)."""
    rows, total = repository.service_orders(db, filters=filters, params=params)
    return paged(_items(db, rows), total, params)


def detail(db: Session, *, service: ServiceOrder, agent: Agent) -> dict[str, Any]:
    """The service order with its line's 三包 (period and end), its steps and actions."""
    order = order_service.get_order(db, order_id=service.order_id)
    line = next(w for w in warranty_lines(db, order=order) if w.line_no == service.line_no)
    return {
        **_items(db, [(service, line.title)])[0],
        "warranty_days": line.warranty_days,
        "warranty_end": line.warranty_end,
        "parts": service.parts or [],
        "result": service.result,
        "notes": details.notes_out(db, "service", service.id),
        "allowed_actions": actions(service=service, agent=agent),
    }


def do_set_warranty(db: Session, *, product_id: str, days: int | None) -> None:
    """A product's 三包 period in days (None: no warranty)."""
    if days is not None and not 0 < days <= 3650:
        raise BadInput("保修天数须在 1 到 3650 之间", code="bad_warranty_days")
    product = found(
        catalog_service.get_product(db, product_id), "没有这个商品", code="product_not_found"
    )
    product.warranty_days = days
    db.flush()

"""The hotline desk's rules: who is calling, the call form, outbound call tasks with a
script, and whose calls a person may see.

Every outbound call is one kind of task (``hotline_call``, kefu.task.calls): the desk's
form, a missed call, and order/ for a large unpaid order all open it, and the desk lists
them in one list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.crm import profile
from kefu.crm import service as crm_service
from kefu.crm.schemas import CallIn, CustomerOut
from kefu.hotline import repository
from kefu.hotline.schemas import CallerOut, CallFormIn
from kefu.kit import clock, phone
from kefu.kit.errors import BadInput, Forbidden, found
from kefu.models import Agent, Customer, HotlineCall, PhoneCall, Task
from kefu.models.team import HOTLINE_DESK, QC_DESK, Role
from kefu.models.work import TaskKind, TaskStatus
from kefu.order import service as order_service
from kefu.order.schemas import OrderOut
from kefu.task import calls
from kefu.task import service as task_service
from kefu.team import leads
from kefu.team import service as team_service

CALL_REASONS, script_for = calls.CALL_REASONS, calls.script_for
DESK_ROLES = (*HOTLINE_DESK, Role.supervisor)


def visible_agents(db: Session, *, agent: Agent) -> frozenset[str] | None:
    """Whose calls and numbers a person sees: everyone's (主管, QC; None), her groups'
    (a lead, herself included) or her own (an agent)."""
    if Role(agent.role) in QC_DESK:
        return None
    managed = leads.managed_agent_ids(db, actor=agent)
    if managed is None:
        return None
    return managed | {agent.id}


def check_sees(db: Session, *, agent: Agent, agent_id: str) -> None:
    """403 unless the person may see this agent's calls."""
    scope = visible_agents(db, agent=agent)
    if scope is not None and agent_id not in scope:
        raise Forbidden("该客服不在您管理的分组内", code="outside_team")


def visible_call(db: Session, *, agent: Agent, phone_call_id: str) -> PhoneCall:
    """A handled call the person may see (her own, her groups', or any for 主管 and QC)."""
    record = crm_service.get_call(db, phone_call_id)
    check_sees(db, agent=agent, agent_id=record.agent_id)
    return record


def stats_scope(db: Session, *, agent: Agent, agent_id: str | None) -> frozenset[str] | None:
    """Whose 通时通次 a page shows: one agent asked for (if the person may see her), else
    everyone the person may see."""
    if agent_id is None:
        return visible_agents(db, agent=agent)
    check_sees(db, agent=agent, agent_id=agent_id)
    return frozenset({agent_id})


def end_of_day(at: dt.datetime) -> dt.datetime:
    """The end of ``at``'s day in the shop's zone: what "the same day" means for a missed call."""
    tz = get_settings().shop_timezone
    return clock.local_midnight(clock.in_zone(at, tz).date() + dt.timedelta(days=1), tz)


def caller(db: Session, *, number: str) -> CallerOut:
    """Who is calling: the customer with this number, their latest orders and open cases."""
    normalised = phone.normalise(number)
    customer = crm_service.customer_by_phone(db, phone=normalised)
    if customer is None:
        return CallerOut(phone=normalised, customer=None, orders=[], open_cases=[])
    orders = order_service.recent_orders(db, customer_id=customer.id, limit=5)
    return CallerOut(
        phone=normalised,
        customer=CustomerOut.model_validate(customer),
        orders=[OrderOut.model_validate(o) for o in orders],
        open_cases=profile.open_cases(db, customer_id=customer.id),
    )


def customer_for(db: Session, *, number: str, customer_id: str | None = None) -> Customer:
    """The customer a call belongs to: the one named, else the number's, else a new profile."""
    if customer_id:
        return crm_service.get_customer(db, customer_id)
    return crm_service.customer_by_phone(db, phone=number) or crm_service.do_add_caller(
        db, phone=number
    )


def do_open_call(
    db: Session, *, agent_id: str, customer: Customer, number: str, direction: str, at: dt.datetime
) -> PhoneCall:
    """The record of a handled call, before anyone has written what it was about."""
    topic = "来电" if direction == "in" else "外呼"
    call = CallIn(
        at=at, direction=direction, duration_s=0, topic=topic, result="（通话中）", phone=number
    )
    return crm_service.do_log_call(db, customer=customer, agent_id=agent_id, call=call)


def do_save_form(db: Session, *, agent: Agent, form: CallFormIn) -> PhoneCall:
    """The agent's call form: fills in the PBX call's record (opening it if the PBX has not
    said "answered" yet), or logs a call made by hand; finishes the call task it worked and
    opens the follow-up."""
    number = phone.normalise(form.phone)
    hotline_call = get_hotline_call(db, form.hotline_call_id) if form.hotline_call_id else None
    record = _record_for(db, agent=agent, form=form, number=number, hotline_call=hotline_call)
    record.topic, record.result = form.reason, form.result
    if form.duration_s is not None:
        record.duration_s = form.duration_s
    if form.follow_up_title:
        if form.follow_up_due_at is None:
            raise BadInput("跟进任务需要截止时间", code="follow_up_due_required")
        record.task_id = task_service.do_open(
            db,
            kind=TaskKind.callback,
            title=form.follow_up_title,
            due_at=form.follow_up_due_at,
            assignee_id=agent.id,
            customer_id=record.customer_id,
        ).id
    if form.task_id:
        task = task_service.get_task(db, form.task_id)
        task_service.do_finish_by(
            db, task=task, agent=agent, status=TaskStatus.done, note=form.result
        )
    db.flush()
    return record


def _record_for(
    db: Session, *, agent: Agent, form: CallFormIn, number: str, hotline_call: HotlineCall | None
) -> PhoneCall:
    if hotline_call is not None and hotline_call.phone_call_id is not None:
        return crm_service.get_call(db, hotline_call.phone_call_id)
    customer_id = form.customer_id or (hotline_call.customer_id if hotline_call else None)
    customer = customer_for(db, number=number, customer_id=customer_id)
    direction = hotline_call.direction if hotline_call else form.direction
    record = do_open_call(
        db, agent_id=agent.id, customer=customer, number=number, direction=direction, at=clock.now()
    )
    if hotline_call is not None:
        hotline_call.customer_id = customer.id
        hotline_call.agent_id = hotline_call.agent_id or agent.id
        hotline_call.phone_call_id = record.id
        hotline_call.answered_at = hotline_call.answered_at or record.at
        if hotline_call.state == "ringing":
            hotline_call.state = "answered"
    return record


def get_hotline_call(db: Session, hotline_call_id: str) -> HotlineCall:
    return found(repository.get(db, hotline_call_id), "没有这通来电", code="hotline_call_not_found")


def do_add_call_task(
    db: Session,
    *,
    customer_id: str,
    reason: str,
    script: str | None,
    due_at: dt.datetime,
    order_id: str | None = None,
    assignee_id: str | None = None,
) -> Task:
    """An outbound call for the hotline (任务类型 外呼) with the script shown beside it; one
    per (reason, order) or, without an order, per (reason, customer) (kefu.task.calls)."""
    customer = crm_service.get_customer(db, customer_id)
    return calls.do_open_call(
        db,
        reason=reason,
        who=customer.nick or customer.name or customer.id,
        customer_id=customer_id,
        due_at=due_at,
        script=script,
        order_id=order_id,
        assignee_id=assignee_id,
    )


def call_task(db: Session, *, task_id: str) -> dict[str, Any]:
    """One call task with its script, for the call form beside it."""
    task = task_service.get_task(db, task_id)
    customer = crm_service.get_customer(db, task.customer_id) if task.customer_id else None
    names = team_service.names_of(db, agent_ids={task.assignee_id} if task.assignee_id else set())
    who = (customer.nick, customer.name, customer.phone) if customer else (None, None, None)
    return task_row(task, (*who, names.get(task.assignee_id or "")), now=clock.now())


def task_row(task: Task, names: tuple[Any, ...], *, now: dt.datetime) -> dict[str, Any]:
    """A call task as the desk lists it: the task, the buyer, the number, the script."""
    nick, name, number, assignee_name = names
    payload = task.payload or {}
    cod = task.kind == TaskKind.cod_confirmation
    reason = payload.get("reason") or ("cod_confirmation" if cod else "other")
    return {
        **task_service.out(task, now=now),
        "reason": reason,
        "reason_label": CALL_REASONS.get(reason, reason),
        "script": payload.get("script") or script_for(reason),
        "buyer_name": profile.display_name(task.customer_id, nick, name)
        if task.customer_id
        else None,
        "phone": number,
        "assignee_name": assignee_name,
    }

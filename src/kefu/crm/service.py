"""Customers: finding and creating them for every channel, hotline calls, history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import refunds
from kefu.crm import profile, repository, segments
from kefu.crm.schemas import CallIn, CustomerFilters, CustomerListItem, CustomerOut
from kefu.kit import clock
from kefu.kit.errors import BadInput, found
from kefu.kit.ids import new_id
from kefu.kit.paging import PageParams, paged
from kefu.kit.phone import same_number
from kefu.models import Customer, PhoneCall
from kefu.models.work import TaskKind
from kefu.task import service as task_service


def get_customer(db: Session, customer_id: str) -> Customer:
    return found(
        repository.get(db, customer_id), f"没有买家 {customer_id}", code="customer_not_found"
    )


def display_names(db: Session, *, customer_ids: Iterable[str]) -> dict[str, str]:
    """What lists show for each customer (nick, else name, else id), by id."""
    return repository.display_names(db, sorted(set(customer_ids)))


def ensure_customer(db: Session, *, customer_id: str) -> Customer:
    """The customer a shop vouched for (signed id); created on first contact."""
    customer = repository.get(db, customer_id)
    if customer is None:
        customer = Customer(id=customer_id, vip_level=0, marketing_opt_out=False)
        repository.add(db, customer)
    return customer


def do_add_visitor(db: Session) -> Customer:
    """An anonymous buyer of the chat page: a customer known only by a visitor id."""
    customer = Customer(id=new_id("v"), nick="访客", vip_level=0, marketing_opt_out=False)
    repository.add(db, customer)
    return customer


def customer_for_email(db: Session, *, email: str, name: str | None) -> Customer:
    customer = repository.by_email(db, email)
    if customer is None:
        customer = Customer(
            id=new_id("c"),
            email=email,
            name=name or None,
            nick=name or email.split("@")[0],
            vip_level=0,
            marketing_opt_out=False,
        )
        repository.add(db, customer)
    return customer


def do_log_call(db: Session, *, customer: Customer, agent_id: str, call: CallIn) -> PhoneCall:
    """Record a hotline call (热线), with an optional follow-up task for the agent."""
    at = call.at or clock.now()
    task_id = None
    if call.follow_up_title:
        if call.follow_up_due_at is None:
            raise BadInput("跟进任务需要截止时间", code="follow_up_due_required")
        task = task_service.do_open(
            db,
            kind=TaskKind.callback,
            title=call.follow_up_title,
            due_at=call.follow_up_due_at,
            assignee_id=agent_id,
            customer_id=customer.id,
        )
        task_id = task.id
    row = PhoneCall(
        id=new_id("call"),
        customer_id=customer.id,
        agent_id=agent_id,
        at=clock.ensure_aware(at),
        direction=call.direction,
        duration_s=call.duration_s,
        topic=call.topic,
        result=call.result,
        task_id=task_id,
        phone=call.phone,
    )
    repository.add(db, row)
    return row


def get_call(db: Session, call_id: str) -> PhoneCall:
    return found(repository.get_call(db, call_id), f"没有通话 {call_id}", code="call_not_found")


def customer_by_phone(db: Session, *, phone: str) -> Customer | None:
    """The customer with this (normalised) number, however it was typed into the profile."""
    candidates = repository.with_phone_ending(db, phone[-4:])
    return next((c for c in candidates if same_number(c.phone, phone)), None)


def do_add_caller(db: Session, *, phone: str) -> Customer:
    """A profile for a number nobody knew: a handled call needs a customer to belong to."""
    customer = Customer(
        id=new_id("c"), nick=phone, phone=phone, vip_level=0, marketing_opt_out=False
    )
    repository.add(db, customer)
    return customer


def calls(db: Session, *, customer_id: str, limit: int = 50) -> list[PhoneCall]:
    return repository.calls_of(db, customer_id, limit)


def _chosen_ids(db: Session, f: CustomerFilters) -> list[str] | None:
    """The members of the segment and of the RFM classes asked for (None: no such filter).
    Both are evaluated over every profile, as segments are."""
    chosen: set[str] | None = None
    if f.segment_id:
        segment = segments.get_segment(db, f.segment_id)
        chosen = set(segments.members_of(db, segment=segment))
    if f.rfm:
        rules = segments.check_rules({"rules": [{"field": "rfm", "op": "in", "value": f.rfm}]})
        members = set(segments.members(db, rules=rules))
        chosen = members if chosen is None else chosen & members
    return None if chosen is None else sorted(chosen)


def customer_list(db: Session, *, filters: CustomerFilters, params: PageParams) -> dict[str, Any]:
    """Customers found by any identity (or an order id) and filtered, with what they
    bought, when they were last in touch and whether a case of theirs is open."""
    rows, total = repository.customer_page(
        db,
        filters,
        only_ids=_chosen_ids(db, filters),
        spent_states=tuple(s.value for s in profile.SPENT),
        open_refund_states=tuple(s.value for s in refunds.OPEN),
        params=params,
    )
    items = [
        CustomerListItem(
            **CustomerOut.model_validate(customer).model_dump(),
            display_name=profile.display_name(customer.id, customer.nick, customer.name),
            order_count=order_count,
            total_spent=spent,
            last_order_at=last_order_at,
            last_contact_at=last_contact_at,
            has_open_case=bool(open_case),
        )
        for customer, order_count, spent, last_order_at, last_contact_at, open_case in rows
    ]
    return paged(items, total, params)

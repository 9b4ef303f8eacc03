"""Every query of the hotline desk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, aliased

from kefu.hotline.schemas import CallFilters
from kefu.kit.filters import narrow, text_search, yes_no
from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import Agent, CallReview, Customer, HotlineCall, PbxEvent, PhoneCall, Task
from kefu.models.hotline import CallState


def add(db: Session, row: HotlineCall | PbxEvent | CallReview) -> None:
    db.add(row)
    db.flush()


def seen_event(db: Session, call_id: str, event: str) -> bool:
    return db.get(PbxEvent, (call_id, event)) is not None


def by_pbx_id(db: Session, pbx_call_id: str) -> HotlineCall | None:
    return db.scalar(select(HotlineCall).where(HotlineCall.pbx_call_id == pbx_call_id))


def get(db: Session, hotline_call_id: str) -> HotlineCall | None:
    return db.get(HotlineCall, hotline_call_id)


def by_phone_call(db: Session, phone_call_id: str) -> HotlineCall | None:
    return db.scalar(select(HotlineCall).where(HotlineCall.phone_call_id == phone_call_id))


def review(db: Session, phone_call_id: str) -> CallReview | None:
    return db.get(CallReview, phone_call_id)


def _in_scope(column: Any, agent_ids: frozenset[str] | None, *, or_none: bool = False) -> Any:
    """Rows of these agents (None: everyone); ``or_none`` keeps rows of nobody yet (a pool)."""
    if agent_ids is None:
        return None
    mine = column.in_(sorted(agent_ids))
    return or_(mine, column.is_(None)) if or_none else mine


CALL_SORTS: dict[str, ColumnElement[Any]] = {
    "at": PhoneCall.at,
    "duration_s": PhoneCall.duration_s,
    "agent": Agent.name,
}


def call_page(
    db: Session, f: CallFilters, *, agent_ids: frozenset[str] | None, params: PageParams
) -> tuple[list[Any], int]:
    """Handled calls with the agent's and the customer's names and QC's total."""
    query = (
        select(PhoneCall, Agent.name, Customer.nick, Customer.name, CallReview.total)
        .join(Agent, Agent.id == PhoneCall.agent_id)
        .join(Customer, Customer.id == PhoneCall.customer_id)
        .outerjoin(CallReview, CallReview.phone_call_id == PhoneCall.id)
    )
    has_recording = or_(
        PhoneCall.recording_url.is_not(None), PhoneCall.recording_sha256.is_not(None)
    )
    query = narrow(
        query,
        _in_scope(PhoneCall.agent_id, agent_ids),
        text_search(
            f.q,
            exact=[PhoneCall.phone, PhoneCall.customer_id],
            partial=[PhoneCall.topic, Customer.nick, Customer.name],
        ),
        PhoneCall.direction == f.direction if f.direction else None,
        PhoneCall.agent_id == f.agent_id if f.agent_id else None,
        PhoneCall.at >= f.start if f.start else None,
        PhoneCall.at < f.end if f.end else None,
        yes_no(has_recording, f.recording),
    )
    query = order_by(query, params.sort, CALL_SORTS, [PhoneCall.at.desc(), PhoneCall.id])
    return fetch_page(db, query, params)


def calls_between(
    db: Session, *, start: dt.datetime, end: dt.datetime, agent_ids: frozenset[str] | None
) -> list[Any]:
    """(agent id, agent name, at, direction, duration_s) of the handled calls in [start, end)."""
    query = (
        select(
            PhoneCall.agent_id, Agent.name, PhoneCall.at, PhoneCall.direction, PhoneCall.duration_s
        )
        .join(Agent, Agent.id == PhoneCall.agent_id)
        .where(PhoneCall.at >= start, PhoneCall.at < end)
    )
    return list(db.execute(narrow(query, _in_scope(PhoneCall.agent_id, agent_ids))))


def missed_page(
    db: Session, *, open_only: bool, agent_ids: frozenset[str] | None, params: PageParams
) -> tuple[list[Any], int]:
    """Missed calls with their call-back task, the customer's and the assignee's names."""
    assignee = aliased(Agent)
    query = (
        select(HotlineCall, Task, Customer.nick, Customer.name, assignee.name)
        .join(Task, Task.id == HotlineCall.task_id)
        .outerjoin(Customer, Customer.id == HotlineCall.customer_id)
        .outerjoin(assignee, assignee.id == Task.assignee_id)
        .where(HotlineCall.state == CallState.missed)
    )
    query = narrow(
        query,
        Task.status == "open" if open_only else None,
        _in_scope(Task.assignee_id, agent_ids, or_none=True),
    )
    query = order_by(
        query,
        params.sort,
        {"rang_at": HotlineCall.rang_at, "due_at": Task.due_at},
        [Task.due_at, HotlineCall.rang_at.desc(), HotlineCall.id],
    )
    return fetch_page(db, query, params)


def task_page(
    db: Session,
    *,
    kinds: tuple[str, ...],
    open_only: bool,
    agent_ids: frozenset[str] | None,
    params: PageParams,
) -> tuple[list[Any], int]:
    """Outbound call tasks with the customer (and their number) and the assignee's name."""
    assignee = aliased(Agent)
    query = (
        select(Task, Customer.nick, Customer.name, Customer.phone, assignee.name)
        .outerjoin(Customer, Customer.id == Task.customer_id)
        .outerjoin(assignee, assignee.id == Task.assignee_id)
        .where(Task.kind.in_(kinds))
    )
    query = narrow(
        query,
        Task.status == "open" if open_only else None,
        _in_scope(Task.assignee_id, agent_ids, or_none=True),
    )
    query = order_by(query, params.sort, {"due_at": Task.due_at}, [Task.due_at, Task.id])
    return fetch_page(db, query, params)

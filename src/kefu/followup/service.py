"""Follow-up of inquirers who did not buy (询单跟进).

The list is exactly the customers ``conversion_rate`` counts as inquiring but not
converted (kpi.service.unconverted_inquiries), once their 72 h window has passed.
An agent records why the buyer did not buy and schedules the second and third
contact (二次、三次跟进) at absolute times; a payment at or after a contact that was
made counts as a conversion after follow-up (跟进后成交).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.crm import service as crm_service
from kefu.followup import repository
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, found
from kefu.kit.ids import new_id
from kefu.kit.money import format_yuan
from kefu.kit.paging import PageParams, paged
from kefu.kpi import queries as kpi_queries
from kefu.kpi.engine import CONVERSION_WINDOW
from kefu.models import Agent, FollowUp, FollowUpContact
from kefu.models.work import TaskKind
from kefu.task import service as task_service
from kefu.team import service as team_service

REASONS = {
    "price": "价格",
    "size": "尺码",
    "logistics": "物流",
    "hesitant": "犹豫",
    "other": "其他",
}
ROUNDS = {2: "二次跟进", 3: "三次跟进"}
STATES = ("new", "due", "scheduled", "done", "converted")
SORTS = ("inquired_at", "next_due_at")
ASKED_MAX = 80


@dataclass
class Row:
    """One inquirer who did not buy, with the follow-up if an agent took it up."""

    customer_id: str
    inquired_at: dt.datetime
    asked_about: str = ""
    followup: FollowUp | None = None
    contacts: list[FollowUpContact] = field(default_factory=list)
    converted_at: dt.datetime | None = None
    converted_amount: Decimal = Decimal("0.00")

    @property
    def first_contact_at(self) -> dt.datetime | None:
        done = [c.done_at for c in self.contacts if c.done_at is not None]
        return min(done) if done else None

    @property
    def next_due_at(self) -> dt.datetime | None:
        due = [c.due_at for c in self.contacts if c.done_at is None]
        return min(due) if due else None

    def state(self, now: dt.datetime) -> str:
        if self.converted_at is not None:
            return "converted"
        if self.followup is None:
            return "new"
        if self.next_due_at is None:
            return "done"
        return "due" if self.next_due_at <= now else "scheduled"


def rows(db: Session, *, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> list[Row]:
    """Every inquirer of [start, end) not converted within 72 h whose window has passed."""
    inquiries = kpi_queries.unconverted_inquiries(db, start=start, end=end)
    found_rows = {
        customer: Row(customer, at)
        for customer, at in inquiries.items()
        if at + CONVERSION_WINDOW <= now
    }
    for customer, title, text in repository.first_questions(db, found_rows, start, end):
        row = found_rows[customer]
        if not row.asked_about:
            row.asked_about = f"【{title}】{text}" if title else text
        elif len(row.asked_about) < ASKED_MAX:  # the first few questions, in their words
            row.asked_about += f" / {text}"
    by_id: dict[str, Row] = {}
    for followup in repository.followups_of(db, found_rows):
        row = found_rows[followup.customer_id]
        if followup.inquired_at == row.inquired_at:
            row.followup, by_id[followup.id] = followup, row
    for contact in repository.contacts_of(db, by_id):
        by_id[contact.followup_id].contacts.append(contact)
    _add_conversions(db, [row for row in by_id.values() if row.first_contact_at])
    return sorted(found_rows.values(), key=lambda row: (row.inquired_at, row.customer_id))


def _add_conversions(db: Session, contacted: list[Row]) -> None:
    """A payment at or after the first contact made is a conversion after follow-up."""
    if not contacted:
        return
    by_customer = {row.customer_id: row for row in contacted}
    since = min(row.first_contact_at for row in contacted if row.first_contact_at)
    for customer, paid_at, amount in repository.payments_since(db, by_customer, since):
        row = by_customer[customer]
        assert row.first_contact_at is not None
        if paid_at >= row.first_contact_at:
            row.converted_at = row.converted_at or paid_at
            row.converted_amount += Decimal(str(amount))


def followup_page(
    db: Session,
    *,
    start: dt.datetime,
    end: dt.datetime,
    state: str | None,
    q: str | None,
    params: PageParams,
) -> dict[str, Any]:
    """One page of the list, filtered by state and a search on the buyer's name."""
    now = clock.now()
    if state is not None and state not in STATES:
        raise BadInput(f"状态应为 {'、'.join(STATES)} 之一", code="bad_state")
    chosen = rows(db, start=start, end=end, now=now)
    names = crm_service.display_names(db, customer_ids=[row.customer_id for row in chosen])
    if state:
        chosen = [row for row in chosen if row.state(now) == state]
    if q and q.strip():
        needle = q.strip().lower()
        chosen = [r for r in chosen if needle in f"{r.customer_id} {names[r.customer_id]}".lower()]
    chosen = _sorted(chosen, params.sort)
    page = chosen[params.offset : params.offset + params.page_size]
    agents = team_service.names_of(db, agent_ids={r.followup.agent_id for r in page if r.followup})
    items = [item(row, now=now, buyer=names[row.customer_id], agents=agents) for row in page]
    return paged(items, len(chosen), params)


def _sorted(chosen: list[Row], sort: str | None) -> list[Row]:
    name = (sort or "-inquired_at").removeprefix("-")
    if name not in SORTS:
        raise BadInput(f"不能按 {name} 排序，可选：{', '.join(SORTS)}", code="bad_sort")
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    key = (lambda r: r.inquired_at) if name == "inquired_at" else (lambda r: r.next_due_at or far)
    return sorted(chosen, key=key, reverse=sort.startswith("-") if sort else True)


def item(row: Row, *, now: dt.datetime, buyer: str, agents: dict[str, str]) -> dict[str, Any]:
    followup = row.followup
    return {
        "customer_id": row.customer_id,
        "buyer_name": buyer,
        "inquired_at": row.inquired_at,
        "asked_about": row.asked_about[:ASKED_MAX],
        "state": row.state(now),
        "followup_id": followup.id if followup else None,
        "reason": followup.reason if followup else None,
        "note": followup.note if followup else None,
        "agent_name": agents.get(followup.agent_id) if followup else None,
        "next_due_at": row.next_due_at,
        "contacts": [
            {
                "round": c.round,
                "due_at": c.due_at,
                "done_at": c.done_at,
                "note": c.note,
                "overdue": c.done_at is None and c.due_at < now,
            }
            for c in row.contacts
        ],
        "converted_at": row.converted_at,
        "converted_amount": format_yuan(row.converted_amount) if row.converted_at else None,
    }


def summary(db: Session, *, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """How many did not buy, how many were followed up, reached, and bought after."""
    now = clock.now()
    chosen = rows(db, start=start, end=end, now=now)
    converted = [row for row in chosen if row.converted_at is not None]
    return {
        "unconverted": len(chosen),
        "followed": sum(1 for row in chosen if row.followup is not None),
        "contacted": sum(1 for row in chosen if row.first_contact_at is not None),
        "converted": len(converted),
        "sales": format_yuan(sum((row.converted_amount for row in converted), Decimal("0.00"))),
    }


def do_record(
    db: Session,
    *,
    customer_id: str,
    inquired_at: dt.datetime,
    reason: str,
    note: str | None,
    second_due_at: dt.datetime,
    third_due_at: dt.datetime | None,
    agent: Agent,
) -> FollowUp:
    """Record why the buyer did not buy and when to contact them the second and third
    time; again on the same inquiry, it changes the reason and the contacts not made."""
    now = clock.now()
    _check(db, customer_id, inquired_at, reason, second_due_at, third_due_at, now)
    followup = repository.followup_of(db, customer_id, inquired_at)
    if followup is None:
        followup = FollowUp(
            id=new_id("fu"),
            customer_id=customer_id,
            inquired_at=inquired_at,
            reason=reason,
            agent_id=agent.id,
            created_at=now,
        )
        repository.add(db, followup)
    followup.reason, followup.note = reason, (note or "").strip() or None
    for round_no, due in ((2, second_due_at), (3, third_due_at)):
        _schedule(db, followup, round_no, due)
    db.flush()
    return followup


def _check(
    db: Session,
    customer_id: str,
    inquired_at: dt.datetime,
    reason: str,
    second: dt.datetime,
    third: dt.datetime | None,
    now: dt.datetime,
) -> None:
    if reason not in REASONS:
        raise BadInput(f"未成交原因应为 {'、'.join(REASONS.values())} 之一", code="bad_reason")
    crm_service.get_customer(db, customer_id)
    if not repository.asked_at(db, customer_id, clock.ensure_aware(inquired_at)):
        raise BadInput("这位买家在这个时间没有咨询记录", code="no_inquiry")
    if clock.ensure_aware(second) <= now:
        raise BadInput("二次跟进时间须晚于现在", code="bad_due")
    if third is not None and clock.ensure_aware(third) <= second:
        raise BadInput("三次跟进时间须晚于二次跟进", code="bad_due")


def _schedule(db: Session, followup: FollowUp, round_no: int, due: dt.datetime | None) -> None:
    contact = repository.contact(db, followup.id, round_no)
    if contact is not None and contact.done_at is not None:
        return  # a contact made stays as it was
    key = _task_key(followup, round_no)
    task_service.do_reschedule(db, dedupe_key=key, due_at=due, note="跟进已取消")
    if due is None:
        if contact is not None:
            db.delete(contact)
        return
    if contact is None:
        repository.add(db, FollowUpContact(followup_id=followup.id, round=round_no, due_at=due))
    else:
        contact.due_at = due
    task_service.do_open(
        db,
        kind=TaskKind.followup_contact,
        title=f"{ROUNDS[round_no]}：{REASONS[followup.reason]}",
        due_at=due,
        dedupe_key=key,
        assignee_id=followup.agent_id,
        customer_id=followup.customer_id,
        payload={"followup_id": followup.id, "round": round_no},
    )


def _task_key(followup: FollowUp, round_no: int) -> str:
    """The agent's task for one contact, in the proactive task list until it is made."""
    return f"followup:{followup.id}:{round_no}"


def get_followup(db: Session, followup_id: str) -> FollowUp:
    return found(repository.followup(db, followup_id), "没有这条跟进", code="followup_not_found")


def do_contact(
    db: Session, *, followup: FollowUp, round_no: int, note: str | None, agent: Agent
) -> FollowUpContact:
    """The agent reached the buyer for this round: the contact is made now."""
    contact = repository.contact(db, followup.id, round_no)
    if contact is None:
        raise Conflict(f"没有安排{ROUNDS.get(round_no, '这次跟进')}", code="no_contact")
    if contact.done_at is not None:
        raise Conflict(f"{ROUNDS[round_no]}已经联系过了", code="contact_done")
    contact.done_at, contact.done_by = clock.now(), agent.id
    contact.note = (note or "").strip() or None
    task_service.do_finish_case_tasks(
        db, dedupe_key=_task_key(followup, round_no), note=contact.note or "已联系"
    )
    db.flush()
    return contact

"""Internal tickets: a question the team cannot answer goes to a department (技术, 物流,
财务, 仓库) with a note and the department's deadline; the department's answer comes back
to the agent who asked (a task, so it rings their notification bell) and to the buyer (a
system message in their chat). An agent reports an abusive buyer (举报恶意买家) to the lead
the same way: a ticket without a department that only the lead answers, never told the buyer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import cases
from kefu.config import get_settings
from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.kit.actions import permitted
from kefu.kit.errors import BadInput, Conflict, Forbidden, found
from kefu.kit.paging import PageParams, paged
from kefu.models import Agent, Department, InternalTicket
from kefu.models.aftercare import TicketKind
from kefu.models.team import Role
from kefu.models.work import TaskKind
from kefu.shop import service as shop
from kefu.task import service as task_service
from kefu.team import service as team_service
from kefu.ticket import repository
from kefu.ticket.schemas import TicketFilters

ABUSE_ANSWER_WITHIN = dt.timedelta(hours=24)
READ_ANSWER_WITHIN = dt.timedelta(hours=2)


def _local(at: dt.datetime) -> str:
    return clock.in_zone(at, get_settings().shop_timezone).strftime("%m月%d日 %H:%M")


def subject(db: Session, *, ticket: InternalTicket) -> str:
    """How a person names the ticket in a task or a note: the buyer and what it is about
    (its id means nothing to whoever reads the task list or a handover)."""
    note = cases.excerpt(ticket.note)
    if ticket.customer_id is None:
        return f"工单（{note}）"
    buyer = crm_service.display_names(db, customer_ids=[ticket.customer_id])
    return f"工单（买家{buyer.get(ticket.customer_id, ticket.customer_id)}：{note}）"


def departments(db: Session) -> list[dict[str, Any]]:
    """Each department with its people by name and its open and overdue tickets."""
    rows = repository.departments(db)
    names = team_service.names_of(db, agent_ids={m for d in rows for m in d.member_ids})
    counts = repository.open_counts(db, clock.now())
    return [
        {
            "id": d.id,
            "name": d.name,
            "answer_hours": d.answer_hours,
            "member_ids": d.member_ids,
            "member_names": [names.get(m, m) for m in d.member_ids],
            "open": counts.get(d.id, (0, 0))[0],
            "overdue": counts.get(d.id, (0, 0))[1],
        }
        for d in rows
    ]


def get_department(db: Session, department_id: str) -> Department:
    row = repository.department(db, department_id)
    return found(row, "没有这个部门", code="department_not_found")


def do_set_department(
    db: Session, *, department: Department, answer_hours: int, member_ids: list[str]
) -> Department:
    """The department's people (who answer its queue) and how long it has to answer."""
    known = team_service.names_of(db, agent_ids=set(member_ids))
    unknown = [m for m in member_ids if m not in known]
    if unknown:
        raise BadInput(f"没有这些客服：{'、'.join(unknown)}", code="unknown_agent")
    department.answer_hours = answer_hours
    department.member_ids = list(dict.fromkeys(member_ids))
    db.flush()
    return department


def do_escalate(
    db: Session,
    *,
    department_id: str,
    requester: Agent,
    note: str,
    customer_id: str | None = None,
    session_id: str | None = None,
    source: str | None = None,
) -> InternalTicket:
    """A question to a department, due within its answer time; the buyer is told."""
    department = get_department(db, department_id)
    if not note.strip():
        raise BadInput("请写明要部门解决的问题", code="empty_note")
    now = clock.now()
    ticket = InternalTicket(
        id=shop.case_number(db, prefix="GD", model=InternalTicket),
        kind=TicketKind.question.value,
        department_id=department.id,
        requester_id=requester.id,
        customer_id=customer_id,
        session_id=session_id,
        source=source,
        note=note.strip(),
        opened_at=now,
        due_at=now + dt.timedelta(hours=department.answer_hours),
    )
    repository.add(db, ticket)
    if customer_id:
        cases.tell_buyer(
            db,
            customer_id=customer_id,
            text=(
                f"您的问题已转交{department.name}同事处理，"
                f"我们会在 {_local(ticket.due_at)} 前答复您。"
            ),
            owner=requester,
            about=f"{subject(db, ticket=ticket)}已转{department.name}",
        )
    return ticket


def do_report_abuse(
    db: Session, *, reporter: Agent, customer_id: str, note: str, session_id: str | None = None
) -> InternalTicket:
    """举报恶意买家: a ticket for the lead and a task in the lead's list; the buyer is not told."""
    if not note.strip():
        raise BadInput("请写明买家的恶意行为", code="empty_note")
    now = clock.now()
    ticket = InternalTicket(
        id=shop.case_number(db, prefix="GD", model=InternalTicket),
        kind=TicketKind.abuse.value,
        requester_id=reporter.id,
        customer_id=customer_id,
        session_id=session_id,
        note=note.strip(),
        opened_at=now,
        due_at=now + ABUSE_ANSWER_WITHIN,
    )
    repository.add(db, ticket)
    task_service.do_open(
        db,
        kind=TaskKind.abuse_report,
        title=f"{reporter.name} 举报恶意买家：{note.strip()}"[:120],
        due_at=ticket.due_at,
        dedupe_key=f"abuse:{ticket.id}",
        customer_id=customer_id,
        session_id=session_id,
        payload={"ticket_id": ticket.id, "escalated_to": "supervisor"},
    )
    return ticket


def get_ticket(db: Session, ticket_id: str) -> InternalTicket:
    return found(repository.ticket(db, ticket_id), "没有这个工单", code="ticket_not_found")


def check_can_answer(db: Session, *, ticket: InternalTicket, agent: Agent) -> None:
    if ticket.answered_at is not None:
        raise Conflict("工单已答复", code="ticket_answered")
    if Role(agent.role) == Role.supervisor:
        return
    department = repository.department(db, ticket.department_id or "")
    if department is None or agent.id not in department.member_ids:
        raise Forbidden("只有该部门的同事或主管可以答复", code="not_department_member")


def do_answer(db: Session, *, ticket: InternalTicket, agent: Agent, answer: str) -> InternalTicket:
    """The answer goes back to the agent who asked (a task) and, for a department's
    answer about a buyer, to the buyer."""
    check_can_answer(db, ticket=ticket, agent=agent)
    if not answer.strip():
        raise BadInput("答复内容不能为空", code="empty_answer")
    ticket.answer = answer.strip()
    ticket.answered_at = clock.now()
    ticket.answered_by = agent.id
    department = repository.department(db, ticket.department_id or "")
    who = department.name if department else "组长"
    task_service.do_open(
        db,
        kind=TaskKind.ticket_answer,
        title=f"{who}已答复{subject(db, ticket=ticket)}：{ticket.answer}"[:120],
        due_at=ticket.answered_at + READ_ANSWER_WITHIN,
        dedupe_key=f"ticket-answer:{ticket.id}",
        assignee_id=ticket.requester_id,
        customer_id=ticket.customer_id,
        session_id=ticket.session_id,
        payload={"ticket_id": ticket.id},
    )
    task_service.do_finish_case_tasks(db, dedupe_key=f"abuse:{ticket.id}", note="组长已处理")
    requester = team_service.get_agent(db, ticket.requester_id)
    if ticket.kind == TicketKind.question and ticket.customer_id and requester is not None:
        cases.tell_buyer(
            db,
            customer_id=ticket.customer_id,
            text=f"关于您的问题，{who}同事的答复：{ticket.answer}",
            owner=requester,
            about=f"{who}已答复{subject(db, ticket=ticket)}",
        )
    return ticket


def _items(db: Session, tickets: list[InternalTicket]) -> list[dict[str, Any]]:
    people = {t.requester_id for t in tickets} | {t.answered_by for t in tickets if t.answered_by}
    names = team_service.names_of(db, agent_ids=people)
    buyers = crm_service.display_names(
        db, customer_ids={t.customer_id for t in tickets if t.customer_id}
    )
    departments = {d.id: d.name for d in repository.departments(db)}
    now = clock.now()
    return [
        {
            **{field: getattr(t, field) for field in TICKET_FIELDS},
            "department_name": departments.get(t.department_id or ""),
            "requester_name": names.get(t.requester_id, t.requester_id),
            "buyer_name": buyers.get(t.customer_id) if t.customer_id else None,
            "answered_by_name": names.get(t.answered_by) if t.answered_by else None,
            "overdue": t.answered_at is None and t.due_at is not None and t.due_at < now,
        }
        for t in tickets
    ]


TICKET_FIELDS = (
    "id",
    "kind",
    "department_id",
    "customer_id",
    "session_id",
    "source",
    "note",
    "opened_at",
    "due_at",
    "answer",
    "answered_at",
)


def ticket_list(
    db: Session, *, filters: TicketFilters, params: PageParams, agent: Agent
) -> dict[str, Any]:
    """A department's queue (or all), open ones first by deadline."""
    rows, total = repository.tickets(
        db, filters=filters, params=params, now=clock.now(), requester_id=agent.id
    )
    return paged(_items(db, [row[0] for row in rows]), total, params)


def ticket_detail(db: Session, *, ticket: InternalTicket, agent: Agent) -> dict[str, Any]:
    can = permitted(lambda: check_can_answer(db, ticket=ticket, agent=agent))
    return {**_items(db, [ticket])[0], "can_answer": can}

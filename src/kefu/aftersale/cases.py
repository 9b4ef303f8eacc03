"""Complaints (投诉) as cases with owners and logs, and the case log and buyer notices that
complaints, product reviews (aftersale.product_review) and other cases share.

A complaint has a category, an owner and a promised resolution time that the
buyer is told; follow-ups are logged; the scheduler reminds the owner before the
deadline and escalates to the supervisor at it (``aftersale.jobs``); resolving
it tells the buyer.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.aftersale import repository
from kefu.config import get_settings
from kefu.kit import clock
from kefu.kit.actions import permitted
from kefu.kit.errors import BadInput, Conflict, Forbidden, found
from kefu.kit.paging import Top
from kefu.messaging import service as messaging
from kefu.models import Agent, CaseNote, Complaint
from kefu.models.aftersale import COMPLAINT_CATEGORY_LABELS, ComplaintCategory
from kefu.models.team import AFTERSALE_DESK, HOTLINE_DESK, Role
from kefu.models.work import TaskKind
from kefu.shop import service as shop
from kefu.task import service as task_service

# Who works complaints and reviews (the routes that change them admit these roles).
CASE_ROLES = (*AFTERSALE_DESK, Role.supervisor, *HOTLINE_DESK)
CATEGORY_LABELS = COMPLAINT_CATEGORY_LABELS
GIST = 24  # characters of a case's text that a task title quotes


def excerpt(text: str | None, length: int = GIST) -> str | None:
    if text is None or len(text) <= length:
        return text
    return text[: length - 1] + "…"


def complaint_name(complaint: Complaint) -> str:
    """How a task names a complaint: its category and what the buyer said (its id means
    nothing to whoever reads the task list or a handover)."""
    category = CATEGORY_LABELS.get(complaint.category, "其他")
    return f"投诉（{category}：{excerpt(complaint.summary) or '未写内容'}）"


def add_note(
    db: Session,
    kind: str,
    case_id: str,
    author: Agent,
    note_kind: str,
    text: str,
    channel: str | None = None,
) -> CaseNote:
    row = CaseNote(
        case_kind=kind,
        case_id=case_id,
        at=clock.now(),
        author_id=author.id,
        kind=note_kind,
        channel=channel,
        text=text,
    )
    repository.add(db, row)
    return row


def notes(db: Session, *, kind: str, case_id: str) -> list[CaseNote]:
    return repository.case_notes(db, kind, case_id)


def tell_buyer(db: Session, *, customer_id: str, text: str, owner: Agent, about: str) -> str:
    """Into the buyer's open chat; else a task for the owner to tell them by phone."""
    live = messaging.live_session(db, customer_id=customer_id)
    if live is not None:
        messaging.do_system_send(db, chat_session=live, text=text)
        return "chat"
    task_service.do_open(
        db,
        kind=TaskKind.callback,
        title=f"电话告知买家：{about}",
        due_at=clock.now() + dt.timedelta(hours=2),
        assignee_id=owner.id,
        customer_id=customer_id,
        payload={"text": text},
    )
    return "phone_task"


def do_open_complaint(
    db: Session,
    *,
    customer_id: str,
    category: str,
    summary: str,
    promised_by: dt.datetime,
    owner: Agent,
    order_id: str | None = None,
    session_id: str | None = None,
) -> Complaint:
    if category not in ComplaintCategory.__members__:
        raise BadInput(f"未知的投诉类别 {category!r}", code="bad_category")
    if promised_by <= clock.now():
        raise BadInput("承诺解决时间须晚于现在", code="bad_promise")
    if not summary.strip():
        raise BadInput("请写明投诉内容", code="bad_summary")
    complaint = Complaint(
        id=shop.case_number(db, prefix="TS", model=Complaint),
        customer_id=customer_id,
        category=category,
        opened_at=clock.now(),
        promised_by=clock.ensure_aware(promised_by),
        order_id=order_id,
        session_id=session_id,
        owner_id=owner.id,
        summary=summary.strip(),
    )
    repository.add(db, complaint)
    promise = (
        f"您的投诉我们已受理（{CATEGORY_LABELS[category]}），负责人 {owner.name}，"
        f"将在 {_local(complaint.promised_by)} 前给您答复。"
    )
    channel = tell_buyer(
        db,
        customer_id=customer_id,
        text=promise,
        owner=owner,
        about=f"{complaint_name(complaint)}已受理",
    )
    add_note(db, "complaint", complaint.id, owner, "promise", promise, channel)
    return complaint


def _local(at: dt.datetime) -> str:
    return clock.in_zone(at, get_settings().shop_timezone).strftime("%m月%d日 %H:%M")


def get_complaint(db: Session, complaint_id: str) -> Complaint:
    return found(repository.complaint(db, complaint_id), "没有这个投诉", code="complaint_not_found")


def overdue_complaints(db: Session, *, owner_id: str | None, now: dt.datetime, limit: int) -> Top:
    """Open complaints past their promised time, of one owner (or everyone's: None)."""
    return repository.complaints_overdue(db, owner_id=owner_id, now=now, limit=limit)


def check_case_role(agent: Agent) -> None:
    if Role(agent.role) not in CASE_ROLES:
        raise Forbidden("只有售后、热线和主管可以处理投诉和评价", code="not_aftersale")


def check_open(complaint: Complaint) -> None:
    if complaint.resolved_at is not None:
        raise Conflict("投诉已解决", code="complaint_resolved")


def complaint_actions(*, complaint: Complaint, agent: Agent) -> list[dict[str, str]]:
    """What the complaint's page offers the agent: follow up and resolve while it is open."""
    if not permitted(lambda: (check_case_role(agent), check_open(complaint))):
        return []
    return [{"action": "follow_up", "label": "跟进"}, {"action": "resolve", "label": "解决"}]


def do_follow_up(
    db: Session, *, complaint: Complaint, author: Agent, text: str, channel: str | None
) -> CaseNote:
    check_open(complaint)
    if not text.strip():
        raise BadInput("跟进内容不能为空", code="empty_note")
    return add_note(db, "complaint", complaint.id, author, "followup", text.strip(), channel)


def do_resolve(db: Session, *, complaint: Complaint, author: Agent, resolution: str) -> Complaint:
    """Resolved: the buyer is told how, and open reminders about it are closed."""
    check_open(complaint)
    if not resolution.strip():
        raise BadInput("请写明处理结果", code="empty_note")
    complaint.resolved_at = clock.now()
    text = f"您的投诉已处理完毕：{resolution.strip()}。如仍有疑问，请随时联系我们。"
    channel = tell_buyer(
        db,
        customer_id=complaint.customer_id,
        text=text,
        owner=author,
        about=f"{complaint_name(complaint)}已解决",
    )
    add_note(db, "complaint", complaint.id, author, "resolved", text, channel)
    for key in (f"complaint-remind:{complaint.id}", f"complaint-escalate:{complaint.id}"):
        task_service.do_finish_case_tasks(db, dedupe_key=key, note="投诉已解决")
    return complaint

"""Complaints (投诉) and medium/bad reviews (中差评) as cases with owners and logs.

A complaint has a category, an owner and a promised resolution time that the
buyer is told; follow-ups are logged; the scheduler reminds the owner before the
deadline and escalates to the supervisor at it (``aftersale.jobs``); resolving
it tells the buyer. A review's contact attempts and its result (revised,
explained, malicious with evidence) are logged; the buyer may revise it within
30 days of posting.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.aftersale import repository
from kefu.aftersale.jobs import REVISE_WINDOW
from kefu.config import get_settings
from kefu.kit import clock
from kefu.kit.actions import permitted
from kefu.kit.batches import item_error, parse_items
from kefu.kit.dates import Moment
from kefu.kit.errors import BadInput, Conflict, Forbidden, csv_line_error, found
from kefu.kit.ids import new_id
from kefu.kit.paging import Top
from kefu.messaging import service as messaging
from kefu.models import Agent, CaseNote, Complaint, Review
from kefu.models.aftersale import COMPLAINT_CATEGORY_LABELS, ComplaintCategory, ReviewRating
from kefu.models.team import Role
from kefu.models.work import TaskKind
from kefu.task import service as task_service

# Who works complaints and reviews (the routes that change them admit these roles).
CASE_ROLES = (Role.aftersale, Role.supervisor, Role.hotline)
CATEGORY_LABELS = COMPLAINT_CATEGORY_LABELS
REVIEW_RESULTS = {
    "revised": "买家已改评",
    "explained": "已解释说明",
    "malicious": "恶意评价（已取证）",
}


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
        id=new_id("k"),
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
        db, customer_id=customer_id, text=promise, owner=owner, about=f"投诉 {complaint.id} 已受理"
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
        about=f"投诉 {complaint.id} 已解决",
    )
    add_note(db, "complaint", complaint.id, author, "resolved", text, channel)
    for key in (f"complaint-remind:{complaint.id}", f"complaint-escalate:{complaint.id}"):
        task_service.do_finish_case_tasks(db, dedupe_key=key, note="投诉已解决")
    return complaint


class ReviewIn(BaseModel):
    id: str = Field(min_length=1, max_length=64)
    order_id: str = Field(min_length=1, max_length=64)
    rating: ReviewRating
    at: Moment  # a time without its zone is refused
    text: str | None = Field(default=None, max_length=5000)


def do_import_reviews(db: Session, *, items: list[Any]) -> dict[str, int]:
    """Reviews from the marketplace (JSON array or CSV rows), all or nothing; one
    already known is left as it is."""
    checked = parse_items(items, ReviewIn, code="bad_review")
    for index, review in enumerate(checked):
        if repository.customer_of_order(db, review.order_id) is None:
            raise item_error(index, f"没有订单 {review.order_id}", code="unknown_order")
    added = 0
    for review in checked:
        if repository.review(db, review.id) is None:
            repository.add(
                db,
                Review(
                    id=review.id,
                    order_id=review.order_id,
                    rating=review.rating.value,
                    at=review.at,
                    text=review.text,
                ),
            )
            added += 1
    return {"received": len(items), "added": added}


def do_import_reviews_csv(db: Session, *, data: str) -> dict[str, int]:
    rows = [dict(row) for row in csv.DictReader(io.StringIO(data))]
    try:
        return do_import_reviews(db, items=rows)
    except BadInput as error:
        raise csv_line_error(error) from None


def revise_until(review: Review) -> dt.datetime:
    return review.at + REVISE_WINDOW


def check_result(review: Review, result: str) -> None:
    """A revised review can only be recorded while the buyer may still revise it."""
    if result == "revised" and clock.now() > revise_until(review):
        raise Conflict("已超过 30 天改评期限", code="revise_window_over")


# What recording each result needs written down besides the note.
RESULT_REQUIRES = {"revised": ["revised_rating"], "explained": [], "malicious": ["evidence"]}


def review_actions(*, review: Review, agent: Agent) -> list[dict[str, Any]]:
    """What the review's page offers the agent: log a contact, and record each result
    the review's age still allows, with what that result needs written down."""
    if not permitted(lambda: check_case_role(agent)):
        return []
    return [{"action": "contact", "label": "记录联系", "requires": []}] + [
        {"action": "result", "result": result, "label": label, "requires": RESULT_REQUIRES[result]}
        for result, label in REVIEW_RESULTS.items()
        if permitted(lambda result=result: check_result(review, result))
    ]


def do_log_contact(
    db: Session, *, review: Review, author: Agent, channel: str, text: str
) -> CaseNote:
    if not text.strip():
        raise BadInput("请写明联系情况", code="empty_note")
    return add_note(db, "review", review.id, author, "contact", text.strip(), channel)


def do_record_result(
    db: Session,
    *,
    review: Review,
    author: Agent,
    result: str,
    note: str,
    evidence: str | None = None,
    revised_rating: str | None = None,
) -> Review:
    """How the review ended: revised (within the 30 days), explained, or malicious
    (evidence required). Its follow-up task is closed."""
    if result not in REVIEW_RESULTS:
        raise BadInput(f"未知的处理结果 {result!r}", code="bad_result")
    if result == "malicious" and not (evidence or "").strip():
        raise BadInput("恶意评价需要留存证据", code="evidence_required")
    check_result(review, result)
    if result == "revised":
        if revised_rating not in ReviewRating.__members__:
            raise BadInput("请填写改后的评价等级", code="bad_rating")
        review.revised_rating = revised_rating
    review.result, review.evidence = result, (evidence or "").strip() or None
    review.handled_at = review.handled_at or clock.now()
    add_note(db, "review", review.id, author, "result", f"{REVIEW_RESULTS[result]}：{note.strip()}")
    task_service.do_finish_case_tasks(
        db, dedupe_key=f"review:{review.id}", note=REVIEW_RESULTS[result]
    )
    return review


def get_review(db: Session, review_id: str) -> Review:
    return found(repository.review(db, review_id), "没有这条评价", code="review_not_found")

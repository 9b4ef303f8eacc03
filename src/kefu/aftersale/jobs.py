"""The after-sales domain's scheduled evaluators: complaint reminders and
escalations, and the follow-up of medium and bad reviews. Idempotent by
``dedupe_key``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.aftersale import cases, refunds, repository
from kefu.models.shift import DutyKind
from kefu.models.work import TaskKind
from kefu.shift import coverage as shift_coverage
from kefu.shop import service as shop
from kefu.task import service as task_service

REMIND_BEFORE = dt.timedelta(hours=2)
CONTACT_WINDOW = dt.timedelta(days=7)  # a medium or bad review is handled within 7 days
REVISE_WINDOW = dt.timedelta(days=30)  # a buyer may revise a review for 30 days
NIGHT_LOOKBACK = dt.timedelta(days=1)


def complaint_deadlines(db: Session, *, now: dt.datetime) -> int:
    """Two hours before a complaint's promised time its owner is reminded; at the
    deadline, unresolved, it is escalated to the supervisor (after hours, to the on-call
    person of the rota too)."""
    count = 0
    for complaint in repository.open_complaints_due_before(db, now + REMIND_BEFORE):
        assert complaint.promised_by is not None
        overdue = complaint.promised_by <= now
        name = cases.complaint_name(complaint)
        task_service.do_open(
            db,
            kind=TaskKind.complaint_escalation if overdue else TaskKind.complaint_followup,
            title=(
                f"{name}超时升级（承诺 {complaint.promised_by:%m-%d %H:%M} 前解决）"
                if overdue
                else f"{name}即将到期"
            ),
            due_at=now if overdue else complaint.promised_by,
            dedupe_key=f"complaint-{'escalate' if overdue else 'remind'}:{complaint.id}",
            assignee_id=_on_call(db, now) if overdue else complaint.owner_id,
            group_id=None if overdue else task_service.team(db, "aftersale_group"),
            customer_id=complaint.customer_id,
            order_id=complaint.order_id,
            payload={"escalated_to": "supervisor"} if overdue else None,
        )
        count += 1
    return count


def _on_call(db: Session, now: dt.datetime) -> str | None:
    """After hours an escalation goes to the on-call person (值班), if the rota names one."""
    return shift_coverage.night_duty_holder(db, kind=DutyKind.on_call, at=now)


def review_followups(db: Session, *, now: dt.datetime) -> int:
    """Each medium or bad review not yet handled gets a task due within 7 days; the
    task carries how long the buyer can still revise it."""
    count = 0
    for review, customer_id in repository.unhandled_bad_reviews(db):
        task_service.do_open(
            db,
            kind=TaskKind.review_followup,
            title=f"{'中评' if review.rating == 'medium' else '差评'}处理：订单 {review.order_id}",
            due_at=review.at + CONTACT_WINDOW,
            dedupe_key=f"review:{review.id}",
            group_id=task_service.team(db, "aftersale_group"),
            customer_id=customer_id,
            order_id=review.order_id,
            payload={
                "review_id": review.id,
                "revise_until": (review.at + REVISE_WINDOW).isoformat(),
            },
        )
        count += 1
    return count


def refund_deadlines(db: Session, *, now: dt.datetime) -> int:
    """Open refunds that came without a deadline (imported from the marketplace, or
    there before deadlines were kept) get the one of the step they are at, counted
    from when they reached it."""
    count = 0
    for refund, since in repository.open_refunds_without_due(db, refunds.OPEN):
        refund.due_at = refunds.step_due(db, kind=refund.kind, status=refund.status, since=since)
        count += refund.due_at is not None
    db.flush()
    return count


def night_refund_reviews(db: Session, *, now: dt.datetime) -> int:
    """A refund requested outside working hours goes to the refund reviewer on night duty
    (排班), due before the day team comes in; none without a night duty."""
    count = 0
    for refund in repository.refunds_requested_since(db, now - NIGHT_LOOKBACK):
        at = refund.requested_at
        reviewer = shift_coverage.night_duty_holder(db, kind=DutyKind.night_refund_review, at=at)
        if reviewer is None:
            continue
        task_service.do_open(
            db,
            kind=TaskKind.refund_review,
            title=f"夜间退款审核：售后单 {refund.id}（¥{refund.amount or 0}）",
            due_at=shop.working_hours(db).next_opening(at),
            dedupe_key=f"night-refund:{refund.id}",
            assignee_id=reviewer,
            order_id=refund.order_id,
            payload={"refund_id": refund.id},
        )
        count += 1
    return count


EVALUATORS = (complaint_deadlines, review_followups, refund_deadlines, night_refund_reviews)

"""Returns, exchanges and refunds as one state machine (售后流程).

    requested → approved | rejected (reason required)
    approved → buyer_shipped (return tracking number)   [refund only: approved → refunded]
    buyer_shipped → received (what the warehouse found)
    received → refunded (return) | exchange_shipped (exchange, tracking number)
    refunded | exchange_shipped | rejected → closed

Every step is a row in ``refund_transitions`` (who, when, from, to, note); any
other step is refused with 409. Approving or paying out an amount above the
shop's ``refund_review_limit`` needs the 退款审核 role (or the supervisor).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import handler, repository
from kefu.audit import service as audit
from kefu.kit import clock
from kefu.kit.actions import permitted
from kefu.kit.errors import BadInput, Conflict, Forbidden, found
from kefu.kit.paging import Top
from kefu.models import Agent, Refund, RefundTransition
from kefu.models.aftersale import REFUND_KIND_LABELS, RefundKind, RefundStatus
from kefu.models.team import AFTERSALE_DESK, Role
from kefu.shop import service as shop

S = RefundStatus
_DECIDE = {S.requested: {S.approved, S.rejected}, S.rejected: {S.closed}}
_SEND_BACK = {S.approved: {S.buyer_shipped}, S.buyer_shipped: {S.received}}
NEXT: dict[str, dict[S, set[S]]] = {
    RefundKind.refund_only: {**_DECIDE, S.approved: {S.refunded}, S.refunded: {S.closed}},
    RefundKind.return_: {**_DECIDE, **_SEND_BACK, S.received: {S.refunded}, S.refunded: {S.closed}},
    RefundKind.exchange: {
        **_DECIDE,
        **_SEND_BACK,
        S.received: {S.exchange_shipped},
        S.exchange_shipped: {S.closed},
    },
}
ACTORS = {*AFTERSALE_DESK, Role.refund_review, Role.supervisor}
REVIEWERS = {Role.refund_review, Role.supervisor}  # above the limit
GUARDED = {S.approved, S.refunded}  # steps that commit the shop's money
# The states a case is still being worked in; the others are settled.
OPEN = (S.requested, S.approved, S.buyer_shipped, S.received)
KIND_LABELS = REFUND_KIND_LABELS
STATUS_LABELS = {
    S.requested: "待审核",
    S.approved: "已同意",
    S.rejected: "已拒绝",
    S.buyer_shipped: "买家已寄回",
    S.received: "仓库已收货",
    S.refunded: "已退款",
    S.exchange_shipped: "换货已发出",
    S.closed: "已关闭",
}


def get_refund(db: Session, refund_id: str) -> Refund:
    return found(repository.refund(db, refund_id), "没有这个售后单", code="refund_not_found")


# What a step needs written down, and how its absence is refused.
REQUIRES: dict[S, tuple[str, str, str]] = {
    S.rejected: ("note", "拒绝需要填写原因", "reason_required"),
    S.received: ("note", "收货需要填写验货结果", "check_required"),
    S.buyer_shipped: ("tracking_no", "需要填写运单号", "tracking_required"),
    S.exchange_shipped: ("tracking_no", "需要填写运单号", "tracking_required"),
}


def check_step(db: Session, *, refund: Refund, to: S, actor: Agent) -> None:
    """Whether the actor's role and the case's state and amount allow the step now."""
    if Role(actor.role) not in ACTORS:
        raise Forbidden("只有售后、退款审核和主管可以处理售后单", code="not_aftersale")
    allowed = NEXT[RefundKind(refund.kind)].get(S(refund.status), set())
    if to not in allowed:
        raise Conflict(
            f"售后单{STATUS_LABELS[S(refund.status)]}，不能改为{STATUS_LABELS[to]}",
            code="invalid_transition",
        )
    limit = Decimal(str(shop.get(db, "refund_review_limit")))
    if (
        to in GUARDED
        and (refund.amount or Decimal(0)) > limit
        and Role(actor.role) not in REVIEWERS
    ):
        raise Forbidden(
            f"金额 {refund.amount} 元超过 {limit} 元，需退款审核处理", code="needs_refund_review"
        )


def check_transition(
    db: Session, *, refund: Refund, to: S, actor: Agent, note: str | None, tracking_no: str | None
) -> None:
    """Whether ``actor`` may move ``refund`` to ``to`` now, with what they wrote (raises if not)."""
    check_step(db, refund=refund, to=to, actor=actor)
    if to in REQUIRES:
        field, reason, code = REQUIRES[to]
        if not ((note if field == "note" else tracking_no) or "").strip():
            raise BadInput(reason, code=code)


def allowed_transitions(db: Session, *, refund: Refund, actor: Agent) -> list[dict[str, Any]]:
    """The steps the detail page offers this actor, with what each needs written down."""
    steps = NEXT[RefundKind(refund.kind)].get(S(refund.status), set())
    return [
        {
            "to": to.value,
            "label": STATUS_LABELS[to],
            "requires": [REQUIRES[to][0]] if to in REQUIRES else [],
        }
        for to in S
        if to in steps
        and permitted(lambda to=to: check_step(db, refund=refund, to=to, actor=actor))
    ]


def step_due(db: Session, *, kind: str, status: str, since: dt.datetime) -> dt.datetime | None:
    """When the step a case is at must be done (``since``: when it got there); None
    once the case is settled or the shop set no time for the step."""
    if S(status) not in OPEN:
        return None
    hours = shop.get(db, "refund_step_hours")
    step = hours.get(f"{kind}:{status}", hours.get(status))
    return None if step is None else since + dt.timedelta(hours=step)


# Steps the audit log keeps: the shop's yes or no to a refund.
DECISIONS = (S.approved, S.rejected)


def do_transition(
    db: Session,
    *,
    refund: Refund,
    to: S,
    actor: Agent,
    note: str | None = None,
    tracking_no: str | None = None,
) -> RefundTransition:
    check_transition(db, refund=refund, to=to, actor=actor, note=note, tracking_no=tracking_no)
    step = RefundTransition(
        refund_id=refund.id,
        at=clock.now(),
        actor_id=actor.id,
        from_status=refund.status,
        to_status=to.value,
        note=(note or "").strip() or None,
    )
    refund.status = to.value
    handler.take_on_step(refund, actor=actor)
    refund.due_at = step_due(db, kind=refund.kind, status=to.value, since=step.at)
    if to == S.buyer_shipped:
        refund.return_tracking_no = (tracking_no or "").strip()
    if to == S.exchange_shipped:
        refund.exchange_tracking_no = (tracking_no or "").strip()
    if to in (S.refunded, S.exchange_shipped, S.rejected):
        refund.completed_at = step.at
    repository.add(db, step)
    if to in DECISIONS:
        detail = {
            "from": STATUS_LABELS[S(step.from_status)],
            "to": STATUS_LABELS[to],
            "note": step.note,
        }
        audit.do_record(
            db, action="refund_decision", actor_id=actor.id, target=refund.id, detail=detail
        )
    return step


def due_soon(db: Session, *, until: dt.datetime, now: dt.datetime, limit: int) -> Top:
    """Open cases whose current step is due by ``until`` (overdue ones too), most urgent first."""
    return repository.refunds_due(db, until=until, now=now, limit=limit)


def trail(db: Session, *, refund: Refund) -> list[RefundTransition]:
    return repository.transitions(db, refund.id)


def monthly_report(db: Session, *, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """Refunds, returns and exchanges requested in the month: by kind, state and reason."""
    rows = repository.refunds_requested(db, start, end)
    by_kind: dict[str, dict[str, Any]] = {}
    for row in rows:
        kind = by_kind.setdefault(
            row.kind,
            {"count": 0, "amount": Decimal("0.00"), "by_status": Counter(), "by_reason": Counter()},
        )
        kind["count"] += 1
        kind["amount"] += row.amount or Decimal("0.00")
        kind["by_status"][STATUS_LABELS[S(row.status)]] += 1
        kind["by_reason"][row.reason or "（未填）"] += 1
    return {
        "total": len(rows),
        "kinds": {
            kind: {
                **data,
                "amount": str(data["amount"]),
                "by_status": dict(data["by_status"]),
                "by_reason": dict(data["by_reason"]),
            }
            for kind, data in sorted(by_kind.items())
        },
    }


def do_open_return(db: Session, *, order_id: str, amount: Decimal, reason: str) -> Refund:
    """A return case the shop opens itself (an intercept that came too late): the
    parcel is on its way to a buyer who cancelled, so it comes back as a return."""
    now = clock.now()
    refund = Refund(
        id=shop.case_number(db, prefix="RF", model=Refund),
        order_id=order_id,
        kind=RefundKind.return_.value,
        status=S.requested.value,
        requested_at=now,
        amount=amount,
        reason=reason,
        due_at=step_due(db, kind=RefundKind.return_.value, status=S.requested.value, since=now),
    )
    repository.add(db, refund)
    return refund

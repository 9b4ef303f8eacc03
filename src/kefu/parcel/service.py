"""Parcel cases: a buyer chasing a parcel (催件) with the courier contacts made, problem
parcels (疑难件) followed up again and again until solved, damaged and lost parcels with
the claim against the courier, and the month's claims sheet for finance.

Each case has an owner and an absolute next follow-up (``due_at``), moved on by every
contact logged; solving it clears the deadline and tells the buyer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import cases, details
from kefu.config import get_settings
from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.kit.actions import allowed
from kefu.kit.errors import BadInput, Conflict, Forbidden, found
from kefu.kit.paging import PageParams, paged
from kefu.models import Agent, ParcelCase
from kefu.models.aftercare import ClaimStatus, ParcelKind
from kefu.models.team import AFTERSALE_DESK, HOTLINE_DESK, Role
from kefu.order import service as order_service
from kefu.parcel import repository
from kefu.parcel.schemas import ParcelFilters
from kefu.shop import service as shop
from kefu.team import service as team_service

ROLES = (*AFTERSALE_DESK, *HOTLINE_DESK, Role.supervisor, Role.order_review)
KIND_LABELS = {"chase": "催件", "problem": "疑难件", "damaged": "破损", "lost": "丢件"}
CLAIM_LABELS = {
    "none": "未理赔",
    "filed": "已提交",
    "accepted": "已同意",
    "rejected": "被拒绝",
    "paid": "已到账",
}
# When the first follow-up is due: a chased parcel is looked at again the same afternoon.
FIRST_FOLLOW_UP = {
    "chase": dt.timedelta(hours=4),
    "problem": dt.timedelta(hours=24),
    "damaged": dt.timedelta(hours=24),
    "lost": dt.timedelta(hours=24),
}
CLAIM_KINDS = (ParcelKind.damaged, ParcelKind.lost)


def _local(at: dt.datetime) -> str:
    return clock.in_zone(at, get_settings().shop_timezone).strftime("%m月%d日 %H:%M")


def check_role(agent: Agent) -> None:
    if Role(agent.role) not in ROLES:
        raise Forbidden("只有售后、热线、审单和主管可以处理包裹问题", code="not_parcel_role")


def check_open(case: ParcelCase) -> None:
    if case.solved_at is not None:
        raise Conflict("这个包裹问题已解决", code="parcel_solved")


def check_claimable(case: ParcelCase) -> None:
    if ParcelKind(case.kind) not in CLAIM_KINDS:
        raise Conflict("只有破损和丢件可以理赔", code="not_claimable")


def do_open(
    db: Session,
    *,
    kind: ParcelKind,
    order_id: str,
    summary: str,
    owner: Agent,
    claim_amount: Decimal | None = None,
) -> ParcelCase:
    check_role(owner)
    order = order_service.get_order(db, order_id=order_id)
    if not summary.strip():
        raise BadInput("请写明包裹的情况", code="empty_summary")
    if claim_amount is not None and kind not in CLAIM_KINDS:
        raise BadInput("只有破损和丢件可以填写理赔金额", code="not_claimable")
    now = clock.now()
    case = ParcelCase(
        id=shop.case_number(db, prefix="BG", model=ParcelCase),
        kind=kind.value,
        order_id=order.id,
        customer_id=order.customer_id,
        courier=order.courier,
        tracking_no=order.tracking_no,
        owner_id=owner.id,
        summary=summary.strip(),
        opened_at=now,
        due_at=now + FIRST_FOLLOW_UP[kind.value],
        claim_amount=claim_amount,
        claim_status=(ClaimStatus.filed if claim_amount is not None else ClaimStatus.none).value,
    )
    repository.add(db, case)
    parcel = f"{order.courier or '快递'} {order.tracking_no or ''}".strip()
    text = (
        f"已为您催促快递（{parcel}），我们会在 {_local(case.due_at)} 前告诉您进展。"
        if kind == ParcelKind.chase
        else f"您反映的包裹问题（{KIND_LABELS[kind.value]}，{parcel}）已登记，"
        f"负责人 {owner.name} 会跟进到解决，{_local(case.due_at)} 前给您回复。"
    )
    _tell(db, case, owner, text, "已登记")
    return case


def _tell(db: Session, case: ParcelCase, author: Agent, text: str, step: str) -> None:
    channel = cases.tell_buyer(
        db,
        customer_id=case.customer_id,
        text=text,
        owner=author,
        about=f"包裹（订单 {case.order_id}）{step}",
    )
    cases.add_note(db, "parcel", case.id, author, "told", text, channel)


def get(db: Session, case_id: str) -> ParcelCase:
    return found(repository.parcel_case(db, case_id), "没有这个包裹问题", code="parcel_not_found")


def do_contact(
    db: Session, *, case: ParcelCase, author: Agent, text: str, channel: str, next_at: dt.datetime
) -> ParcelCase:
    """A contact with the courier logged; the case comes back at ``next_at``."""
    check_role(author)
    check_open(case)
    if next_at <= clock.now():
        raise BadInput("下次跟进时间须晚于现在", code="bad_next_at")
    if not text.strip():
        raise BadInput("请写明联系内容", code="empty_note")
    cases.add_note(db, "parcel", case.id, author, "contact", text.strip(), channel)
    case.due_at = clock.ensure_aware(next_at)
    db.flush()
    return case


def do_claim(
    db: Session, *, case: ParcelCase, author: Agent, amount: Decimal, status: ClaimStatus
) -> ParcelCase:
    """The claim against the courier: its amount and where it stands."""
    check_role(author)
    check_claimable(case)
    case.claim_amount = amount
    case.claim_status = status.value
    text = f"理赔 ¥{amount}：{CLAIM_LABELS[status.value]}"
    cases.add_note(db, "parcel", case.id, author, "claim", text)
    return case


def do_solve(db: Session, *, case: ParcelCase, author: Agent, result: str) -> ParcelCase:
    check_role(author)
    check_open(case)
    case.solved_at = clock.now()
    case.due_at = None
    _tell(db, case, author, f"您的包裹问题已处理：{result.strip()}。", "已解决")
    return case


def actions(*, case: ParcelCase, agent: Agent) -> list[dict[str, str]]:
    checks = {
        "contact": lambda: (check_role(agent), check_open(case)),
        "claim": lambda: (check_role(agent), check_claimable(case)),
        "solve": lambda: (check_role(agent), check_open(case)),
    }
    return allowed(checks, {"contact": "记录跟进", "claim": "理赔", "solve": "解决"})


ITEM_FIELDS = (
    "id",
    "kind",
    "order_id",
    "customer_id",
    "courier",
    "tracking_no",
    "owner_id",
    "summary",
    "opened_at",
    "solved_at",
    "due_at",
    "claim_amount",
    "claim_status",
)


def _items(db: Session, rows: list[Any]) -> list[dict[str, Any]]:
    found_cases = [row[0] for row in rows]
    buyers = crm_service.display_names(db, customer_ids={c.customer_id for c in found_cases})
    owners = team_service.names_of(db, agent_ids={c.owner_id for c in found_cases})
    now = clock.now()
    return [
        {
            **{field: getattr(case, field) for field in ITEM_FIELDS},
            "buyer_name": buyers.get(case.customer_id, case.customer_id),
            "owner_name": owners.get(case.owner_id, case.owner_id),
            "overdue": case.due_at is not None and case.due_at < now,
            "contacts": contacts,
        }
        for case, contacts in rows
    ]


def parcel_list(db: Session, *, filters: ParcelFilters, params: PageParams) -> dict[str, Any]:
    """Parcel cases, the next follow-up first (solved ones last)."""
    rows, total = repository.parcel_cases(db, filters=filters, params=params, now=clock.now())
    return paged(_items(db, rows), total, params)


def detail(db: Session, *, case: ParcelCase, agent: Agent) -> dict[str, Any]:
    notes = details.notes_out(db, "parcel", case.id)
    contacts = sum(note["kind"] == "contact" for note in notes)
    return {
        **_items(db, [(case, contacts)])[0],
        "notes": notes,
        "allowed_actions": actions(case=case, agent=agent),
    }

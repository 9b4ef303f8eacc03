"""Platform claims (平台投诉/维权): a complaint or claim a buyer filed on the marketplace,
answered there before the platform's deadline. Each has an owner and a log; four hours
before the deadline the owner gets a task (``claim_deadlines``, idempotent)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import cases, details
from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.kit.actions import allowed
from kefu.kit.errors import BadInput, Conflict, Forbidden, found
from kefu.kit.paging import PageParams, paged
from kefu.models import Agent, PlatformClaim
from kefu.models.team import AFTERSALE_DESK, HOTLINE_DESK, Role
from kefu.models.work import TaskKind
from kefu.order import service as order_service
from kefu.shop import service as shop
from kefu.task import service as task_service
from kefu.team import service as team_service
from kefu.ticket import repository
from kefu.ticket.schemas import ClaimFilters

ROLES = (*AFTERSALE_DESK, *HOTLINE_DESK, Role.supervisor)
PLATFORMS = {
    "taobao": "淘宝",
    "tmall": "天猫",
    "jd": "京东",
    "pdd": "拼多多",
    "douyin": "抖音",
    "other": "其他",
}
REMIND_BEFORE = dt.timedelta(hours=4)


def check_role(agent: Agent) -> None:
    if Role(agent.role) not in ROLES:
        raise Forbidden("只有售后、热线和主管可以处理平台投诉", code="not_aftersale")


def check_open(claim: PlatformClaim) -> None:
    if claim.closed_at is not None:
        raise Conflict("平台投诉已结案", code="claim_closed")


def do_open(
    db: Session,
    *,
    platform: str,
    kind: str,
    order_id: str,
    reason: str,
    amount: Decimal | None,
    due_at: dt.datetime,
    owner: Agent,
) -> PlatformClaim:
    check_role(owner)
    order = order_service.get_order(db, order_id=order_id)
    if due_at <= clock.now():
        raise BadInput("平台处理时限须晚于现在", code="bad_due_at")
    claim = PlatformClaim(
        id=shop.case_number(db, prefix="PT", model=PlatformClaim),
        platform=platform,
        kind=kind,
        order_id=order.id,
        customer_id=order.customer_id,
        owner_id=owner.id,
        reason=reason.strip(),
        amount=amount,
        opened_at=clock.now(),
        due_at=clock.ensure_aware(due_at),
    )
    repository.add(db, claim)
    return claim


def get(db: Session, claim_id: str) -> PlatformClaim:
    return found(repository.claim(db, claim_id), "没有这个平台投诉", code="claim_not_found")


def do_note(db: Session, *, claim: PlatformClaim, author: Agent, text: str) -> PlatformClaim:
    """A step taken (evidence uploaded, offer made to the buyer) logged on the claim."""
    check_role(author)
    check_open(claim)
    cases.add_note(db, "claim", claim.id, author, "followup", text.strip())
    return claim


def do_close(db: Session, *, claim: PlatformClaim, author: Agent, outcome: str) -> PlatformClaim:
    check_role(author)
    check_open(claim)
    claim.outcome = outcome.strip()
    claim.closed_at = clock.now()
    claim.due_at = None
    cases.add_note(db, "claim", claim.id, author, "resolved", claim.outcome)
    task_service.do_finish_case_tasks(db, dedupe_key=f"claim-due:{claim.id}", note="已结案")
    return claim


def claim_deadlines(db: Session, *, now: dt.datetime) -> int:
    """Four hours before the platform's deadline the owner of an open claim gets a task."""
    count = 0
    for claim in repository.claims_due_before(db, now + REMIND_BEFORE):
        assert claim.due_at is not None
        task_service.do_open(
            db,
            kind=TaskKind.complaint_followup,
            title=f"{PLATFORMS[claim.platform]}投诉即将到期：订单 {claim.order_id}",
            due_at=claim.due_at,
            dedupe_key=f"claim-due:{claim.id}",
            assignee_id=claim.owner_id,
            customer_id=claim.customer_id,
            order_id=claim.order_id,
        )
        count += 1
    return count


EVALUATORS = (claim_deadlines,)
FIELDS = "id platform kind order_id customer_id reason amount opened_at due_at outcome closed_at"


def _items(db: Session, claims: list[PlatformClaim]) -> list[dict[str, Any]]:
    buyers = crm_service.display_names(db, customer_ids={c.customer_id for c in claims})
    owners = team_service.names_of(db, agent_ids={c.owner_id for c in claims})
    now = clock.now()
    return [
        {
            **{field: getattr(c, field) for field in FIELDS.split()},
            "buyer_name": buyers.get(c.customer_id, c.customer_id),
            "owner_name": owners.get(c.owner_id, c.owner_id),
            "overdue": c.closed_at is None and c.due_at is not None and c.due_at < now,
        }
        for c in claims
    ]


def claim_list(db: Session, *, filters: ClaimFilters, params: PageParams) -> dict[str, Any]:
    """Open claims first, the platform's nearest deadline first."""
    rows, total = repository.claims(db, filters=filters, params=params, now=clock.now())
    return paged(_items(db, [row[0] for row in rows]), total, params)


def detail(db: Session, *, claim: PlatformClaim, agent: Agent) -> dict[str, Any]:
    checks = {
        "note": lambda: (check_role(agent), check_open(claim)),
        "close": lambda: (check_role(agent), check_open(claim)),
    }
    return {
        **_items(db, [claim])[0],
        "notes": details.notes_out(db, "claim", claim.id),
        "allowed_actions": allowed(checks, {"note": "记录处理", "close": "结案"}),
    }

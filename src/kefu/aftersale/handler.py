"""Who handles a refund, return or exchange (处理人): the 售后 agent who owns the case.

She is set when the case is taken: a 售后 agent takes an unowned case (or becomes its
handler by taking its first step), a lead assigns it to one of her people, the supervisor
to anyone. The Team KPIs (退货/换货完成率) credit a case to its handler, never to whoever
happened to take its last step (a reviewer's approval at night does not make it hers)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.kit.errors import Conflict
from kefu.models import Agent, Refund
from kefu.models.team import AFTERSALE_DESK, Role
from kefu.team import leads

HANDLERS = leads.Holders(AFTERSALE_DESK, "不是在职的售后客服", "not_aftersale")


def take_on_step(refund: Refund, *, actor: Agent) -> None:
    """The first agent of the after-sales desk (售后 or 售后主管) to take a step on an unowned
    case becomes its handler."""
    if refund.handler_id is None and Role(actor.role) in AFTERSALE_DESK:
        refund.handler_id = actor.id


def do_assign(db: Session, *, refund: Refund, actor: Agent, agent_id: str) -> None:
    """``actor`` makes ``agent_id`` the case's handler: herself when unowned (taking it),
    or, as a lead, one of her people (the case's current handler must be hers too)."""
    if not (agent_id == actor.id and refund.handler_id is None):
        if not leads.assigns_others(actor) and refund.handler_id is not None:
            raise Conflict("这个售后单已有处理人，请联系组长改派", code="already_handled")
        leads.check_hands_over(db, actor=actor, agent_id=agent_id, current=refund.handler_id)
    leads.check_receiver(db, agent_id=agent_id, holders=HANDLERS)
    if refund.handler_id == agent_id:
        return
    detail = leads.hand_over_detail(db, before=refund.handler_id, after=agent_id)
    audit.do_record(db, action="refund_assign", actor_id=actor.id, target=refund.id, detail=detail)
    refund.handler_id = agent_id
    db.flush()


def assignments(db: Session, *, refund: Refund) -> list[dict[str, Any]]:
    """Who made whom the case's handler, and when (taken, 指派, 改派): the KPIs credit the
    handler, so a case's page shows each change with who made it."""
    return [
        {"at": row.at.isoformat(), "by": row.actor_name, "from": None, **row.detail}
        for row in audit.history_of(db, action="refund_assign", target=refund.id)
    ]


def assignable(db: Session, *, actor: Agent) -> list[dict[str, str]]:
    """The 指派/改派 choices on a refund (nobody for an agent: she takes an unowned case for
    herself, 我来处理)."""
    return leads.hand_over_choices(db, actor=actor, roles=HANDLERS.roles)

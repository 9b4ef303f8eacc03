"""Who handles a refund, return or exchange (处理人): the 售后 agent who owns the case.

She is set when the case is taken: a 售后 agent takes an unowned case (or becomes its
handler by taking its first step), a lead assigns it to one of her people, the supervisor
to anyone. The Team KPIs (退货/换货完成率) credit a case to its handler, never to whoever
happened to take its last step (a reviewer's approval at night does not make it hers)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.kit.errors import BadInput, Conflict, Forbidden
from kefu.models import Agent, Refund
from kefu.models.team import AFTERSALE_DESK, Role
from kefu.team import leads
from kefu.team import service as team_service


def assigns_others(actor: Agent) -> bool:
    """A lead (her own people) or the supervisor (anyone) makes others a case's handler."""
    return leads.is_lead(actor) or actor.role == Role.supervisor


def check_hands_over(db: Session, *, actor: Agent, agent_id: str, current: str | None) -> None:
    """A lead hands a case only between her own people (its present holder, if any, and the
    new one); the supervisor between anyone. Refunds and complaints share the rule."""
    if not assigns_others(actor):
        raise Forbidden("只有组长或主管可以指派或改派", code="assign_forbidden")
    leads.check_manages(db, actor=actor, agent_id=agent_id)
    if current is not None:
        leads.check_manages(db, actor=actor, agent_id=current)


def hand_over_detail(db: Session, *, before: str | None, after: str) -> dict[str, str]:
    """``{from, to}`` by name for the case's log (``from`` left out when it had nobody)."""
    names = team_service.names_of(db, agent_ids={after, before} if before else {after})
    return {"from": names[before], "to": names[after]} if before else {"to": names[after]}


def take_on_step(refund: Refund, *, actor: Agent) -> None:
    """The first agent of the after-sales desk (售后 or 售后主管) to take a step on an unowned
    case becomes its handler."""
    if refund.handler_id is None and Role(actor.role) in AFTERSALE_DESK:
        refund.handler_id = actor.id


def do_assign(db: Session, *, refund: Refund, actor: Agent, agent_id: str) -> None:
    """``actor`` makes ``agent_id`` the case's handler: herself when unowned (taking it),
    or, as a lead, one of her people (the case's current handler must be hers too)."""
    if not (agent_id == actor.id and refund.handler_id is None):
        if not assigns_others(actor) and refund.handler_id is not None:
            raise Conflict("这个售后单已有处理人，请联系组长改派", code="already_handled")
        check_hands_over(db, actor=actor, agent_id=agent_id, current=refund.handler_id)
    agent = team_service.get_agent(db, agent_id)
    if agent is None or not agent.active or Role(agent.role) not in AFTERSALE_DESK:
        raise BadInput(f"{agent_id} 不是在职的售后客服", code="not_aftersale")
    if refund.handler_id == agent_id:
        return
    detail = hand_over_detail(db, before=refund.handler_id, after=agent_id)
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


def assignable(
    db: Session, *, actor: Agent, roles: tuple[Role, ...] = AFTERSALE_DESK
) -> list[dict[str, str]]:
    """Whom ``actor`` may hand a case to, by name (the 指派/改派 choices): any enabled agent
    of ``roles`` for the supervisor, her own people of them for a lead, nobody for the rest
    (an agent takes an unowned refund for herself: 我来处理)."""
    if not assigns_others(actor):
        return []
    agent_ids = team_service.active_agent_ids(db, roles=roles)
    within = leads.managed_agent_ids(db, actor=actor)
    if within is not None:
        agent_ids = [agent_id for agent_id in agent_ids if agent_id in within]
    names = team_service.names_of(db, agent_ids=set(agent_ids))
    return [{"id": agent_id, "name": names[agent_id]} for agent_id in agent_ids]

"""Who owns a complaint (负责人), and handing it to someone else (改派).

The owner is whoever opened it; she is reminded before the promised time and answers for
it. When she is off sick, on leave or swamped, her lead hands the complaint to one of her
people (the supervisor to anyone who works complaints). The hand-over is written into the
complaint's own log, so the next person reads who had it, and the reminder that is still
open moves with it. The buyer was promised a time, not a person: she is not told."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.aftersale import cases
from kefu.models import Agent, Complaint
from kefu.models.team import AFTERSALE_DESK, HOTLINE_DESK
from kefu.task import service as task_service
from kefu.team import leads

OWNERS = leads.Holders(
    (*AFTERSALE_DESK, *HOTLINE_DESK), "不是在职的售后或热线客服", "not_case_owner"
)  # who works complaints as their owner


def owner_choices(db: Session, *, complaint: Complaint, actor: Agent) -> list[dict[str, str]]:
    """The 改派 choices on an open complaint's page: the enabled 售后 and 热线 people the
    actor manages (none for whoever manages nobody)."""
    if complaint.resolved_at is not None:
        return []
    return leads.hand_over_choices(db, actor=actor, roles=OWNERS.roles)


def do_reassign(db: Session, *, complaint: Complaint, actor: Agent, agent_id: str) -> Complaint:
    """``actor`` (a lead or the supervisor) makes ``agent_id`` the complaint's owner."""
    cases.check_open(complaint)
    leads.check_hands_over(db, actor=actor, agent_id=agent_id, current=complaint.owner_id)
    leads.check_receiver(db, agent_id=agent_id, holders=OWNERS)
    if complaint.owner_id == agent_id:
        return complaint
    names = leads.hand_over_detail(db, before=complaint.owner_id, after=agent_id)
    text = (
        f"负责人由 {names['from']} 改为 {names['to']}"
        if "from" in names
        else f"指派给 {names['to']}"
    )
    cases.add_note(db, "complaint", complaint.id, actor, "reassigned", text)
    complaint.owner_id = agent_id
    task_service.do_hand_over_case_task(
        db, dedupe_key=f"complaint-remind:{complaint.id}", assignee_id=agent_id
    )
    return complaint

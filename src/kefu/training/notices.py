"""整改通知单: a lead writes findings and a deadline to one of her people; the agent
replies with what she changed; the lead checks it and accepts (closed) or sends it back
(open again, the same deadline). Improvement proposals from QC staff live here too:
the 质检主管 or the supervisor accepts or rejects them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kit.errors import Conflict, Forbidden, found
from kefu.kit.ids import new_id
from kefu.models import Agent, ImprovementProposal, RectificationNotice
from kefu.models.team import Role
from kefu.models.training import ImprovementStatus, NoticeStatus
from kefu.team import leads
from kefu.training import repository
from kefu.training.schemas import NoticeIn

DECIDERS = (Role.qc_lead, Role.supervisor)


def do_issue(db: Session, *, data: NoticeIn, by: Agent) -> RectificationNotice:
    leads.check_manages(db, actor=by, agent_id=data.agent_id)
    if data.agent_id == by.id:
        raise Forbidden("不能给自己发整改通知", code="own_notice")
    notice = RectificationNotice(
        id=new_id("rn"),
        agent_id=data.agent_id,
        lead_id=by.id,
        findings=data.findings,
        session_ids=data.session_ids,
        due_at=data.due_at,
        status=NoticeStatus.open,
        created_at=clock.now(),
    )
    repository.add(db, notice)
    return notice


def get_notice(db: Session, *, notice_id: str, actor: Agent) -> RectificationNotice:
    """A notice its agent or one of her leads may open (403 ``outside_team`` otherwise)."""
    notice = found(repository.notice(db, notice_id), "没有这张整改通知单", code="notice_not_found")
    if notice.agent_id != actor.id:
        leads.check_manages(db, actor=actor, agent_id=notice.agent_id)
    return notice


def do_reply(db: Session, *, notice: RectificationNotice, actor: Agent, reply: str) -> None:
    if notice.agent_id != actor.id:
        raise Forbidden("只有被通知的客服可以回复", code="not_your_notice")
    if notice.status != NoticeStatus.open:
        raise Conflict("这张通知单现在不能回复", code="notice_not_open")
    notice.reply, notice.replied_at, notice.status = reply, clock.now(), NoticeStatus.replied
    db.flush()


def do_check(
    db: Session, *, notice: RectificationNotice, actor: Agent, accepted: bool, note: str | None
) -> None:
    """The lead's check of the reply: accepted closes it, otherwise it is open again."""
    if notice.agent_id == actor.id:
        raise Forbidden("不能检查自己的整改", code="own_notice")
    leads.check_manages(db, actor=actor, agent_id=notice.agent_id)
    if notice.status != NoticeStatus.replied:
        raise Conflict("客服回复后才能检查", code="notice_not_replied")
    notice.check_note, notice.checked_at = note, clock.now()
    notice.status = NoticeStatus.closed if accepted else NoticeStatus.open
    db.flush()


def notice_rows(db: Session, *, within: frozenset[str] | None) -> list[dict[str, Any]]:
    rows = repository.notices(db, within)
    names = repository.agent_names(db, {n.agent_id for n in rows} | {n.lead_id for n in rows})
    now = clock.now()
    return [notice_view(n, names, now) for n in rows]


def notice_view(notice: RectificationNotice, names: dict[str, str], now: Any) -> dict[str, Any]:
    return {
        "id": notice.id,
        "agent_id": notice.agent_id,
        "agent_name": names.get(notice.agent_id, notice.agent_id),
        "lead_id": notice.lead_id,
        "lead_name": names.get(notice.lead_id, notice.lead_id),
        "findings": notice.findings,
        "session_ids": notice.session_ids,
        "due_at": notice.due_at,
        "overdue": notice.status == NoticeStatus.open and notice.due_at < now,
        "status": notice.status,
        "created_at": notice.created_at,
        "reply": notice.reply,
        "replied_at": notice.replied_at,
        "check_note": notice.check_note,
        "checked_at": notice.checked_at,
    }


def one_notice(db: Session, *, notice: RectificationNotice, actor: Agent) -> dict[str, Any]:
    """The notice with what the viewer may do now."""
    names = repository.agent_names(db, {notice.agent_id, notice.lead_id})
    view = notice_view(notice, names, clock.now())
    mine = notice.agent_id == actor.id
    view["allowed_actions"] = [
        action
        for action, ok in (
            ("reply", mine and notice.status == NoticeStatus.open),
            ("check", not mine and notice.status == NoticeStatus.replied),
        )
        if ok
    ]
    return view


def do_propose(db: Session, *, title: str, body: str, by: Agent) -> ImprovementProposal:
    proposal = ImprovementProposal(
        id=new_id("ip"),
        author_id=by.id,
        title=title,
        body=body,
        status=ImprovementStatus.proposed,
        created_at=clock.now(),
    )
    repository.add(db, proposal)
    return proposal


def do_decide(
    db: Session, *, proposal_id: str, by: Agent, accepted: bool, note: str | None
) -> ImprovementProposal:
    if Role(by.role) not in DECIDERS:
        raise Forbidden("只有质检主管或主管可以采纳建议", code="role_forbidden")
    proposal = found(
        repository.proposal(db, proposal_id), "没有这条建议", code="proposal_not_found"
    )
    if proposal.status != ImprovementStatus.proposed:
        raise Conflict("这条建议已经处理过", code="already_decided")
    proposal.status = ImprovementStatus.accepted if accepted else ImprovementStatus.rejected
    proposal.decided_by, proposal.decided_at, proposal.decision_note = by.id, clock.now(), note
    db.flush()
    return proposal


def proposal_rows(db: Session) -> list[dict[str, Any]]:
    rows = repository.proposals(db)
    names = repository.agent_names(
        db, {p.author_id for p in rows} | {p.decided_by for p in rows if p.decided_by}
    )
    return [
        {
            "id": p.id,
            "title": p.title,
            "body": p.body,
            "status": p.status,
            "author_id": p.author_id,
            "author_name": names.get(p.author_id, p.author_id),
            "created_at": p.created_at,
            "decided_by_name": names.get(p.decided_by or "", None),
            "decided_at": p.decided_at,
            "decision_note": p.decision_note,
        }
        for p in rows
    ]

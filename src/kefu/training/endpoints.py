"""Training from QC over HTTP: courses, assignments and quizzes, rectification notices,
violations, process-improvement proposals. Leads act on their own groups' people only
(403 ``outside_team``); an agent sees her own courses and notices."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.config import get_settings
from kefu.kit.paging import PageParams, page_params, paged
from kefu.models import Agent
from kefu.models.team import MANAGER_ROLES, QC_DESK, Role
from kefu.team import leads
from kefu.training import notices, service, violations
from kefu.training.schemas import (
    AssignIn,
    AttemptIn,
    CheckIn,
    CourseIn,
    DecisionIn,
    NoticeIn,
    ProposalIn,
    ReplyIn,
)

api = make_router(prefix="/api/v1/training", tags=["training"])
Db = Annotated[Session, Depends(get_db)]
Anyone = Annotated[Agent, Depends(Allow())]
Manager = Annotated[Agent, Depends(Allow(*MANAGER_ROLES))]
CourseEditor = Annotated[Agent, Depends(Allow(*MANAGER_ROLES, Role.qc))]
QcStaff = Annotated[Agent, Depends(Allow(*QC_DESK, Role.supervisor))]
Paging = Annotated[PageParams, Depends(page_params)]


def _page(items: list[dict[str, Any]], paging: PageParams) -> dict[str, Any]:
    end = paging.offset + paging.page_size
    return paged(items[paging.offset : end], len(items), paging)


@api.get("/courses")
def courses(db: Db, _agent: Anyone, paging: Paging, q: str | None = None) -> dict[str, Any]:
    """Every course (an agent reads the ones she is assigned from her own list)."""
    rows = [
        service.course_view(db, course=c, with_answers=False)
        for c in service.all_courses(db)
        if not q or q in c.title
    ]
    return _page(rows, paging)


@api.post("/courses", status_code=201)
def add_course(body: CourseIn, db: Db, agent: CourseEditor) -> dict[str, Any]:
    course = service.do_save_course(db, data=body, by=agent)
    return service.course_view(db, course=course, with_answers=True)


@api.get("/courses/{course_id}")
def get_course(course_id: str, db: Db, agent: Anyone) -> dict[str, Any]:
    """The course; quiz answers only for those who edit courses."""
    editor = Role(agent.role) in (*MANAGER_ROLES, Role.qc)
    course = service.get_course(db, course_id)
    return service.course_view(db, course=course, with_answers=editor)


@api.put("/courses/{course_id}")
def change_course(course_id: str, body: CourseIn, db: Db, agent: CourseEditor) -> dict[str, Any]:
    course = service.do_save_course(
        db, data=body, by=agent, course=service.get_course(db, course_id)
    )
    return service.course_view(db, course=course, with_answers=True)


@api.post("/courses/{course_id}/assign")
def assign(course_id: str, body: AssignIn, db: Db, agent: Manager) -> dict[str, int]:
    """Assign a course to some of the lead's people (403 ``outside_team`` for others)."""
    course = service.get_course(db, course_id)
    made = service.do_lead_assign(
        db, course=course, agent_ids=body.agent_ids, by=agent, note=body.note
    )
    return {"assigned": made}


@api.get("/assignments")
def assignments(
    db: Db, agent: Anyone, paging: Paging, mine: bool = False, passed: bool | None = None
) -> dict[str, Any]:
    """A lead's people's courses (``mine``: the viewer's own); an agent sees her own."""
    within = leads.managed_agent_ids(db, actor=agent)
    if mine or within == frozenset():
        within = frozenset({agent.id})
    rows = [
        row
        for row in service.assignment_rows(db, within=within)
        if passed is None or (row["passed_at"] is not None) == passed
    ]
    return _page(rows, paging)


@api.get("/assignments/{assignment_id}")
def assignment(assignment_id: int, db: Db, agent: Anyone) -> dict[str, Any]:
    """One assignment with its course (no answers) for the agent to study and take."""
    row = service.get_assignment(db, assignment_id=assignment_id, actor=agent)
    course = service.course_view(
        db, course=service.get_course(db, row.course_id), with_answers=False
    )
    found = next(
        r
        for r in service.assignment_rows(db, within=frozenset({row.agent_id}))
        if r["id"] == row.id
    )
    return {
        **found,
        "course": course,
        "can_attempt": row.agent_id == agent.id and row.passed_at is None,
    }


@api.post("/assignments/{assignment_id}/attempts")
def attempt(assignment_id: int, body: AttemptIn, db: Db, agent: Anyone) -> dict[str, Any]:
    row = service.get_assignment(db, assignment_id=assignment_id, actor=agent)
    return service.do_attempt(db, assignment=row, actor=agent, answers=body.answers)


@api.get("/notices")
def notice_list(db: Db, agent: Anyone, paging: Paging, status: str | None = None) -> dict[str, Any]:
    """整改通知单: a lead's people's, or an agent's own."""
    within = leads.managed_agent_ids(db, actor=agent)
    if within == frozenset():
        within = frozenset({agent.id})
    rows = [
        n for n in notices.notice_rows(db, within=within) if not status or n["status"] == status
    ]
    return _page(rows, paging)


@api.post("/notices", status_code=201)
def issue_notice(body: NoticeIn, db: Db, agent: Manager) -> dict[str, Any]:
    notice = notices.do_issue(db, data=body, by=agent)
    return notices.one_notice(db, notice=notice, actor=agent)


@api.get("/notices/{notice_id}")
def get_notice(notice_id: str, db: Db, agent: Anyone) -> dict[str, Any]:
    notice = notices.get_notice(db, notice_id=notice_id, actor=agent)
    return notices.one_notice(db, notice=notice, actor=agent)


@api.post("/notices/{notice_id}/reply")
def reply(notice_id: str, body: ReplyIn, db: Db, agent: Anyone) -> dict[str, Any]:
    notice = notices.get_notice(db, notice_id=notice_id, actor=agent)
    notices.do_reply(db, notice=notice, actor=agent, reply=body.reply)
    return notices.one_notice(db, notice=notice, actor=agent)


@api.post("/notices/{notice_id}/check")
def check(notice_id: str, body: CheckIn, db: Db, agent: Manager) -> dict[str, Any]:
    notice = notices.get_notice(db, notice_id=notice_id, actor=agent)
    notices.do_check(db, notice=notice, actor=agent, accepted=body.accepted, note=body.note)
    return notices.one_notice(db, notice=notice, actor=agent)


@api.get("/violations")
def violation_list(db: Db, agent: Manager, paging: Paging, year: int) -> dict[str, Any]:
    """Each of the viewer's people's QC violations in the year; ``retraining`` at the line."""
    within = leads.managed_agent_ids(db, actor=agent)
    tz = get_settings().shop_timezone
    rows = violations.violations(db, year=service.check_year(year), tz=tz, within=within)
    rows.sort(key=lambda row: -row["violations"])
    return _page(rows, paging)


@api.get("/proposals")
def proposal_list(db: Db, _agent: QcStaff, paging: Paging) -> dict[str, Any]:
    return _page(notices.proposal_rows(db), paging)


@api.post("/proposals", status_code=201)
def propose(body: ProposalIn, db: Db, agent: QcStaff) -> dict[str, str]:
    return {"id": notices.do_propose(db, title=body.title, body=body.body, by=agent).id}


@api.post("/proposals/{proposal_id}/decision")
def decide(proposal_id: str, body: DecisionIn, db: Db, agent: QcStaff) -> dict[str, str]:
    """质检主管 or 主管: accept or reject a proposal."""
    done = notices.do_decide(
        db, proposal_id=proposal_id, by=agent, accepted=body.accepted, note=body.note
    )
    return {"status": done.status}

"""Courses and who must take them (培训). A course is knowledge-base articles, product
notes and a short quiz with a pass mark; a lead assigns it to her people, or it is
assigned automatically (kefu.training.jobs): to an agent who repeats its QC rule, and
to the groups that sell its product when the product launches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, Forbidden, found
from kefu.kit.ids import new_id
from kefu.models import Agent, Course, CourseAssignment
from kefu.models.training import AssignmentReason, CourseKind
from kefu.qc.rules import DEFAULT_RULES
from kefu.team import leads
from kefu.training import repository
from kefu.training.schemas import CourseIn

TRAINING_DAYS = dt.timedelta(days=7)  # an assigned course is due a week later


def get_course(db: Session, course_id: str) -> Course:
    return found(repository.course(db, course_id), "没有这门课程", code="course_not_found")


def all_courses(db: Session) -> list[Course]:
    return repository.courses(db)


def check_year(year: int) -> int:
    if not 1900 <= year <= 2199:
        raise BadInput("年份须在 1900 到 2199 之间", code="bad_year")
    return year


def _check_course(data: CourseIn) -> None:
    if data.kind == CourseKind.qc_rule and data.qc_rule not in DEFAULT_RULES:
        raise BadInput("质检课程须选择一条质检规则", code="bad_rule")
    if data.kind == CourseKind.product and not data.product_id:
        raise BadInput("商品课程须选择商品", code="product_required")
    for index, item in enumerate(data.quiz):
        if not 0 <= item.answer < len(item.options):
            raise BadInput(f"第 {index + 1} 题的答案不在选项中", code="bad_quiz")


def do_save_course(
    db: Session, *, data: CourseIn, by: Agent, course: Course | None = None
) -> Course:
    """Create a course, or change one (its assignments keep their results)."""
    _check_course(data)
    if course is None:
        course = Course(id=new_id("crs"), created_at=clock.now(), created_by=by.id)
        db.add(course)
    values = data.model_dump()
    values["quiz"] = [item.model_dump() for item in data.quiz]
    for key, value in values.items():
        setattr(course, key, value)
    db.flush()
    return course


def course_view(db: Session, *, course: Course, with_answers: bool) -> dict[str, Any]:
    """A course as its page shows it: articles in full, product title, the quiz (answers
    only for those who manage courses)."""
    articles = [
        {
            "id": entry.id,
            "question": entry.questions[0] if entry.questions else entry.intent,
            "answer": entry.answer,
        }
        for entry in repository.kb_entries(db, course.kb_entry_ids)
    ]
    quiz = [
        {
            "question": q["question"],
            "options": q["options"],
            **({"answer": q["answer"]} if with_answers else {}),
        }
        for q in course.quiz
    ]
    return {
        "id": course.id,
        "title": course.title,
        "kind": course.kind,
        "qc_rule": course.qc_rule,
        "qc_rule_name": DEFAULT_RULES[course.qc_rule].name
        if course.qc_rule in DEFAULT_RULES
        else None,
        "product_id": course.product_id,
        "product_title": repository.product_title(db, course.product_id),
        "group_ids": course.group_ids,
        "launch_at": course.launch_at,
        "kb_entry_ids": course.kb_entry_ids,
        "articles": articles,
        "notes": course.notes,
        "quiz": quiz,
        "pass_mark": course.pass_mark,
    }


def do_assign(
    db: Session,
    *,
    course: Course,
    agent_id: str,
    reason: AssignmentReason,
    key: str,
    by: Agent | None = None,
    note: str | None = None,
) -> CourseAssignment | None:
    """Assign once per ``key`` (None if that reason already assigned it): scheduled jobs
    and a lead's double click change nothing the second time."""
    if by is not None:
        leads.check_manages(db, actor=by, agent_id=agent_id)
    if repository.assignment_by_key(db, key) is not None:
        return None
    now = clock.now()
    row = CourseAssignment(
        course_id=course.id,
        agent_id=agent_id,
        reason=reason.value,
        note=note,
        assigned_at=now,
        assigned_by=None if by is None else by.id,
        due_at=now + TRAINING_DAYS,
        attempts=0,
        dedupe_key=key,
    )
    repository.add(db, row)
    return row


def do_lead_assign(
    db: Session, *, course: Course, agent_ids: list[str], by: Agent, note: str | None
) -> int:
    """A lead's assignment to her people (each checked); one open assignment per agent."""
    for agent_id in agent_ids:
        leads.check_manages(db, actor=by, agent_id=agent_id)
    made = 0
    for agent_id in dict.fromkeys(agent_ids):
        key = f"lead:{course.id}:{agent_id}:{clock.now().date().isoformat()}"
        made += (
            do_assign(
                db,
                course=course,
                agent_id=agent_id,
                reason=AssignmentReason.lead,
                key=key,
                by=by,
                note=note,
            )
            is not None
        )
    return made


def assignment_rows(db: Session, *, within: frozenset[str] | None) -> list[dict[str, Any]]:
    now = clock.now()
    return [
        {
            "id": row.id,
            "course_id": row.course_id,
            "course_title": title,
            "agent_id": row.agent_id,
            "agent_name": name,
            "reason": row.reason,
            "note": row.note,
            "assigned_at": row.assigned_at,
            "due_at": row.due_at,
            "overdue": row.passed_at is None and row.due_at < now,
            "attempts": row.attempts,
            "best_score": row.best_score,
            "passed_at": row.passed_at,
        }
        for row, title, name in repository.assignments(db, within)
    ]


def get_assignment(db: Session, *, assignment_id: int, actor: Agent) -> CourseAssignment:
    """An assignment its agent takes, or her lead looks at."""
    row = found(
        repository.assignment(db, assignment_id), "没有这项培训", code="assignment_not_found"
    )
    if row.agent_id != actor.id:
        leads.check_manages(db, actor=actor, agent_id=row.agent_id)
    return row


def do_attempt(
    db: Session, *, assignment: CourseAssignment, actor: Agent, answers: list[int]
) -> dict[str, Any]:
    """The agent's quiz: scored as the share of right answers; passed at the pass mark."""
    if assignment.agent_id != actor.id:
        raise Forbidden("只能参加自己的培训测验", code="not_your_training")
    if assignment.passed_at is not None:
        raise Conflict("这门课程已经通过", code="already_passed")
    course = get_course(db, assignment.course_id)
    if len(answers) != len(course.quiz):
        raise BadInput(f"请回答全部 {len(course.quiz)} 道题", code="answers_missing")
    right = sum(
        1 for item, given in zip(course.quiz, answers, strict=True) if item["answer"] == given
    )
    score = round(100 * right / len(course.quiz)) if course.quiz else 100
    assignment.attempts += 1
    assignment.best_score = max(score, assignment.best_score or 0)
    passed = score >= course.pass_mark
    if passed:
        assignment.passed_at = clock.now()
    db.flush()
    return {
        "score": score,
        "right": right,
        "total": len(course.quiz),
        "passed": passed,
        "pass_mark": course.pass_mark,
    }

"""The training domain's scheduled evaluators, idempotent by each assignment's
``dedupe_key``: a QC rule repeated N times in 30 days (shop setting
``training_repeat_count``) assigns its course; a product's launch assigns its course
to the groups that sell it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy.orm import Session

from kefu.models.training import AssignmentReason, CourseKind
from kefu.shop import service as shop
from kefu.training import repository, service

WINDOW = dt.timedelta(days=30)


def assign_rule_courses(db: Session, *, now: dt.datetime) -> int:
    """Findings counted since the agent last got the course, so one streak assigns once."""
    needed = shop.get(db, "training_repeat_count")
    made = 0
    for course in repository.courses_of_kind(db, CourseKind.qc_rule):
        assert course.qc_rule is not None
        last = repository.last_assigned(db, course.id)
        streaks: dict[str, list[str]] = defaultdict(list)
        for agent_id, session_id, opened_at in repository.rule_findings(
            db, course.qc_rule, now - WINDOW
        ):
            if agent_id not in last or opened_at > last[agent_id]:
                streaks[agent_id].append(session_id)
        for agent_id, sessions in streaks.items():
            if len(sessions) >= needed:
                made += (
                    service.do_assign(
                        db,
                        course=course,
                        agent_id=agent_id,
                        reason=AssignmentReason.qc_rule,
                        key=f"qc:{course.id}:{agent_id}:{sessions[-1]}",
                        note=f"30 天内 {len(sessions)} 次触发质检规则",
                    )
                    is not None
                )
    return made


def assign_launched_products(db: Session, *, now: dt.datetime) -> int:
    """Once a product course's launch time has come, everyone in its groups gets it
    (and whoever joins those groups later, on the next tick)."""
    made = 0
    for course in repository.courses_of_kind(db, CourseKind.product):
        if course.launch_at is None or course.launch_at > now or not course.group_ids:
            continue
        for agent_id in repository.active_agents_in_groups(db, course.group_ids):
            made += (
                service.do_assign(
                    db,
                    course=course,
                    agent_id=agent_id,
                    reason=AssignmentReason.product_launch,
                    key=f"launch:{course.id}:{agent_id}",
                )
                is not None
            )
    return made


EVALUATORS = (assign_rule_courses, assign_launched_products)

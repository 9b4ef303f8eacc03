"""The QC review workflow: flagged sessions and a weekly random sample per agent
go to a queue; a 质检 reviewer scores each on the sheet of service-standard.md
(quantified indicators 50 %, work quality 30 %, skills 20 %), confirms or
dismisses the automatic findings and comments; agents see their results; findings
no reviewer dismissed build each agent's record.

Each finding is charged to one agent (see kefu.qc.session), so a session several agents
served is on each one's record and results with their own findings only."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, Forbidden, found
from kefu.kit.paging import PageParams, paged
from kefu.models import Agent, QcReview
from kefu.models.team import QC_DESK, Role
from kefu.qc import qc_review_repository as repository
from kefu.qc.schemas import QueueFilters
from kefu.shop import service as shop

WEIGHTS = {"quantified": 0.5, "quality": 0.3, "skills": 0.2}
# Who opens the queue and the sheet is who submits it: 质检 and 主管.
REVIEWERS = (*QC_DESK, Role.supervisor)


class ReviewIn(BaseModel):
    quantified: int = Field(ge=0, le=100, description="量化指标 (50 %)")
    quality: int = Field(ge=0, le=100, description="工作质量 (30 %)")
    skills: int = Field(ge=0, le=100, description="技能 (20 %)")
    comment: str | None = Field(default=None, max_length=2000)
    verdicts: dict[int, Literal["confirmed", "dismissed"]] = Field(default_factory=dict)


def do_enqueue(
    db: Session, *, session_id: str, agent_id: str | None, reason: str
) -> QcReview | None:
    """Put a session in the queue once; a second call is a no-op."""
    if repository.review(db, session_id) is not None:
        return None
    row = QcReview(session_id=session_id, agent_id=agent_id, reason=reason, queued_at=clock.now())
    repository.add(db, row)
    return row


def do_sample_week(db: Session, *, week_start: dt.date, tz: str) -> int:
    """Draw ⌈rate × sessions⌉ of each agent's inspected sessions of the week (deterministic,
    idempotent: sessions drawn before count towards the share). Returns how many were added."""
    rate = float(shop.get(db, "qc_sample_rate"))
    start = clock.local_midnight(week_start, tz)
    inspections = repository.inspections_opened_between(db, start, start + dt.timedelta(days=7))
    queued = repository.reviewed_sessions(db, [i.session_id for i in inspections])
    by_agent: dict[str, list[str]] = {}
    for inspection in inspections:
        by_agent.setdefault(inspection.agent_id or "", []).append(inspection.session_id)
    added = 0
    for agent_id, sessions in sorted(by_agent.items()):
        wanted = math.ceil(rate * len(sessions))
        already = sum(1 for s in sessions if queued.get(s) == "sample")
        candidates = [s for s in sessions if s not in queued]
        drawn = random.Random(f"{week_start.isoformat()}:{agent_id}").sample(
            candidates, min(len(candidates), max(0, wanted - already))
        )
        for session_id in drawn:
            do_enqueue(db, session_id=session_id, agent_id=agent_id, reason="sample")
            added += 1
    return added


def queue(
    db: Session, *, filters: QueueFilters | None = None, params: PageParams | None = None
) -> dict[str, Any]:
    """Sessions waiting for a reviewer, oldest first (one page of them)."""
    params = params or PageParams()
    rows, total = repository.queue_page(db, filters or QueueFilters(), params)
    items = [
        {
            "session_id": review.session_id,
            "agent_id": review.agent_id,
            "agent_name": agent_name,
            "reason": review.reason,
            "queued_at": review.queued_at,
            "score": inspection.score,
            "flagged": inspection.flagged,
        }
        for review, inspection, agent_name in rows
    ]
    return paged(items, total, params)


def sheet_total(sheet: ReviewIn) -> float:
    """The sheet's weighted total (50/30/20), for a chat or a hotline call alike."""
    return round(sum(getattr(sheet, part) * weight for part, weight in WEIGHTS.items()), 1)


def check_reviewer(agent: Agent) -> None:
    if agent.role not in REVIEWERS:
        raise Forbidden("只有质检和主管可以复核会话", code="role_forbidden")


def do_review(db: Session, *, reviewer: Agent, session_id: str, sheet: ReviewIn) -> QcReview:
    check_reviewer(reviewer)
    row = found(repository.review(db, session_id), "该会话不在质检队列中", code="not_queued")
    if row.reviewed_at is not None:
        raise Conflict("该会话已复核", code="already_reviewed")
    findings = {finding.id: finding for finding in repository.findings(db, session_id)}
    unknown = set(sheet.verdicts) - set(findings)
    if unknown:
        raise BadInput(f"这些发现不属于该会话：{sorted(unknown)}", code="unknown_finding")
    for finding_id, verdict in sheet.verdicts.items():
        findings[finding_id].verdict = verdict
    row.quantified, row.quality, row.skills = sheet.quantified, sheet.quality, sheet.skills
    row.total = sheet_total(sheet)
    row.comment = sheet.comment
    row.reviewer_id = reviewer.id
    row.reviewed_at = clock.now()
    db.flush()
    audit.do_record(
        db, action="qc_review", actor_id=reviewer.id, target=session_id, detail={"total": row.total}
    )
    return row


def results_for(db: Session, *, agent_id: str) -> list[dict[str, Any]]:
    """What an agent sees of the reviewed sessions they took part in: the sheet, comments,
    and the findings charged to them that were kept."""
    return [
        {
            "session_id": review.session_id,
            "reviewed_at": review.reviewed_at,
            "total": review.total,
            "quantified": review.quantified,
            "quality": review.quality,
            "skills": review.skills,
            "comment": review.comment,
            "findings": [
                {"id": f.id, "rule": f.rule, "excerpt": f.excerpt, "verdict": f.verdict}
                for f in repository.findings(db, review.session_id)
                if f.agent_id == agent_id and f.verdict != "dismissed"
            ],
        }
        for review in repository.done_for_agent(db, agent_id)
    ]


def record_of(db: Session, *, agent_id: str) -> dict[str, Any]:
    """The agent's QC record: sessions they took part in, their average score counting their
    own findings, and those findings by rule (most first)."""
    inspected, average = repository.inspection_summary(db, agent_id)
    counts = repository.rule_counts_for_agent(db, agent_id)
    return {
        "agent_id": agent_id,
        "inspected": inspected,
        "average_score": None if average is None else round(float(average), 1),
        "findings_by_rule": dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
        "repeated": sorted(rule for rule, count in counts.items() if count >= 2),
    }

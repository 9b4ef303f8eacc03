"""The reviewer's worklist (质检队列): every queued session, waiting or reviewed, with the
agent's name, the rules its findings name, the automatic score and, once reviewed, the sheet;
and one entry with the actions its state allows, for the review sheet's page."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, found
from kefu.kit.paging import PageParams, paged
from kefu.models import Agent
from kefu.models.team import QC_DESK, Role
from kefu.qc import worklist_repository as repository

STATES = {"pending": False, "done": True}
REASONS = ("flagged", "sample")
# Who opens the queue and the sheet submits it (the API's Allow on both).
REVIEWER_ROLES = (*QC_DESK, Role.supervisor)


def _item(row: Any, rules: list[str]) -> dict[str, Any]:
    review = row.QcReview
    return {
        "session_id": review.session_id,
        "state": "done" if review.reviewed_at else "pending",
        "reason": review.reason,
        "agent_id": review.agent_id,
        "agent_name": row.agent_name,
        "customer": row.nick,
        "opened_at": row.opened_at,
        "queued_at": review.queued_at,
        "score": row.score,
        "flagged": row.flagged,
        "rules": rules,
        "reviewer_name": row.reviewer_name,
        "reviewed_at": review.reviewed_at,
        "quantified": review.quantified,
        "quality": review.quality,
        "skills": review.skills,
        "total": review.total,
        "comment": review.comment,
    }


def page(
    db: Session,
    *,
    state: str | None,
    reason: str | None,
    agent_id: str | None,
    q: str | None,
    params: PageParams,
) -> dict[str, Any]:
    if state is not None and state not in STATES:
        raise BadInput("状态只能是 pending（待复核）或 done（已复核）", code="bad_state")
    if reason is not None and reason not in REASONS:
        raise BadInput("原因只能是 flagged（低于80分）或 sample（随机抽检）", code="bad_reason")
    rows, total = repository.review_page(
        db,
        reviewed=None if state is None else STATES[state],
        reason=reason,
        agent_id=agent_id,
        q=q,
        params=params,
    )
    rules = repository.rules_of(db, [row.QcReview.session_id for row in rows])
    items = [_item(row, rules[row.QcReview.session_id]) for row in rows]
    return paged(items, total, params)


def entry(db: Session, *, session_id: str, viewer: Agent) -> dict[str, Any]:
    """One queued session for the review sheet: the sheet so far, the findings with their
    verdicts, and ``allowed_actions`` (``review`` while it waits and the viewer reviews)."""
    row = found(repository.review_entry(db, session_id), "该会话不在质检队列中", code="not_queued")
    findings = repository.findings(db, session_id)
    item = _item(row, [])
    item["rules"] = list(dict.fromkeys(f.rule for f in findings))
    item["findings"] = [
        {
            "id": f.id,
            "rule": f.rule,
            "severity": f.severity,
            "excerpt": f.excerpt,
            "message_id": f.message_id,
            "verdict": f.verdict,
        }
        for f in findings
    ]
    may_review = item["state"] == "pending" and viewer.role in REVIEWER_ROLES
    item["allowed_actions"] = ["review"] if may_review else []
    return item


def state_of(db: Session, *, session_id: str) -> dict[str, Any] | None:
    """Whether a session is in the queue and how far it got (for its transcript's page)."""
    row = repository.review_entry(db, session_id)
    if row is None:
        return None
    review = row.QcReview
    return {
        "state": "done" if review.reviewed_at else "pending",
        "reason": review.reason,
        "total": review.total,
        "reviewer_name": row.reviewer_name,
    }

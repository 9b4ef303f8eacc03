"""Quality inspection over HTTP: the workbench's pre-send check; session results."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.config import get_settings
from kefu.kit.dates import Day
from kefu.kit.errors import Forbidden
from kefu.kit.paging import PageParams, page_params
from kefu.models import Agent
from kefu.models.team import QC_DESK, SERVICE_ROLES
from kefu.qc import qc_review, service, worklists
from kefu.qc.qc_review import REVIEWERS
from kefu.qc.schemas import CheckIn, CheckOut, QueueFilters, SessionQcOut

api = make_router(prefix="/api/v1/qc", tags=["qc"])
Db = Annotated[Session, Depends(get_db)]


@api.post("/check", response_model=CheckOut)
def check(
    body: CheckIn, db: Db, _agent: Annotated[Agent, Depends(Allow(*SERVICE_ROLES, *QC_DESK))]
) -> CheckOut:
    """Which text rules a draft reply breaks. A warning only: the agent may still send it."""
    return service.check_text(db, text=body.text)


@api.get("/rules")
def rules(
    db: Db, _agent: Annotated[Agent, Depends(Allow(*SERVICE_ROLES, *QC_DESK))]
) -> list[dict[str, object]]:
    """The shop's rules as in force (ids from shared/spec/qc-rules.md, names in Chinese)."""
    return service.rules_in_force(db)


@api.get("/reviews")
def reviews(
    db: Db,
    _agent: Annotated[Agent, Depends(Allow(*REVIEWERS))],
    paging: Annotated[PageParams, Depends(page_params)],
    state: str | None = None,
    reason: str | None = None,
    agent: str | None = None,
    q: str | None = None,
) -> dict[str, object]:
    """The queue as a worklist: ``state`` pending/done, ``reason`` flagged/sample, ``agent``,
    ``q`` (buyer's nick or session id); sort by queued_at, reviewed_at, opened_at, score, total."""
    return worklists.page(db, state=state, reason=reason, agent_id=agent, q=q, params=paging)


@api.get("/reviews/{session_id}")
def review_entry(
    session_id: str,
    db: Db,
    viewer: Annotated[Agent, Depends(Allow(*REVIEWERS))],
) -> dict[str, object]:
    """One queued session: its sheet so far, findings with verdicts, ``allowed_actions``."""
    return worklists.entry(db, session_id=session_id, viewer=viewer)


@api.get("/queue")
def queue(
    db: Db,
    _agent: Annotated[Agent, Depends(Allow(*REVIEWERS))],
    page: Annotated[PageParams, Depends(page_params)],
    filters: Annotated[QueueFilters, Query()],
) -> dict[str, object]:
    """Sessions waiting for a reviewer: flagged ones and the weekly sample; oldest first."""
    return qc_review.queue(db, filters=filters, params=page)


@api.post("/queue/sample", status_code=201)
def sample(
    week: Day, db: Db, _agent: Annotated[Agent, Depends(Allow(*REVIEWERS))]
) -> dict[str, int]:
    """Draw the weekly sample (``week`` = its Monday); drawing again adds nothing."""
    return {"added": qc_review.do_sample_week(db, week_start=week, tz=get_settings().shop_timezone)}


@api.post("/reviews/{session_id}")
def submit_review(
    session_id: str,
    sheet: qc_review.ReviewIn,
    db: Db,
    reviewer: Annotated[Agent, Depends(Allow(*REVIEWERS))],
) -> dict[str, object]:
    """Submit the sheet: the roles that may open the queue and the session may submit it."""
    row = qc_review.do_review(db, reviewer=reviewer, session_id=session_id, sheet=sheet)
    return {"session_id": row.session_id, "total": row.total}


@api.get("/my-results")
def my_results(db: Db, agent: Annotated[Agent, Depends(Allow())]) -> list[dict[str, object]]:
    """An agent's reviewed sessions: the sheet, the comment, the findings kept."""
    return qc_review.results_for(db, agent_id=agent.id)


@api.get("/agents/{agent_id}/record")
def agent_record(
    agent_id: str, db: Db, agent: Annotated[Agent, Depends(Allow())]
) -> dict[str, object]:
    if agent.id != agent_id and agent.role not in REVIEWERS:
        raise Forbidden("只能查看自己的质检记录", code="role_forbidden")
    return qc_review.record_of(db, agent_id=agent_id)


@api.get("/sessions/{session_id}", response_model=SessionQcOut)
def session_result(
    session_id: str, db: Db, _agent: Annotated[Agent, Depends(Allow(*REVIEWERS))]
) -> SessionQcOut:
    return service.recorded(db, session_id=session_id) or service.inspect_session(
        db, session_id=session_id
    )

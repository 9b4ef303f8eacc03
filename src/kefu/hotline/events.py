"""The events the hotline desk publishes (after commit)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.kit.outbox import emit
from kefu.models import HotlineCall


def incoming_call(
    db: Session, *, call: HotlineCall, caller_name: str | None, agent_ids: list[str]
) -> None:
    """A phone rings: each named agent's staff app pops the incoming-call screen."""
    event = {
        "type": "incoming_call",
        "hotline_call_id": call.id,
        "phone": call.phone,
        "customer_name": caller_name,
        "at": call.rang_at.isoformat(),
    }
    for agent_id in agent_ids:
        emit(db, f"agent:{agent_id}", event)

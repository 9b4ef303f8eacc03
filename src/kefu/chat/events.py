"""The events of the chat flow itself, on the channels of messaging/events.py: an
agent's status, the supervisors' overview. What a session tells its buyer and agents
is published by the messaging core."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.kit.outbox import emit
from kefu.models import Agent


def emit_overview_changed(db: Session) -> None:
    emit(db, "supervisors", {"type": "overview_changed"})


def agent_status(db: Session, agent: Agent) -> None:
    """Her status changed (by her, or by presence: ``auto``): her windows and supervisors."""
    event = {
        "type": "status",
        "agent_id": agent.id,
        "status": agent.status,
        "auto": agent.auto_away,
    }
    emit(db, f"agent:{agent.id}", event)
    emit(db, "supervisors", {"type": "overview_changed"})

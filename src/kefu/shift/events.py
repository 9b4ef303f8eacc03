"""The events the shift domain publishes (after commit)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from kefu.kit.outbox import emit


def handover_written(db: Session, *, handover_id: str, agent_ids: Iterable[str]) -> None:
    """A handover waits for the next shift: their staff app raises the 交接班 badge."""
    for agent_id in agent_ids:
        emit(db, f"agent:{agent_id}", {"type": "handover", "handover_id": handover_id})

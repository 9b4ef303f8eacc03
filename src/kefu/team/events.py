"""The events the team domain publishes (after commit)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.kit.outbox import emit


def logins_ended(db: Session, *, agent_id: str, login: str | None = None) -> None:
    """A login (its token hash) ended, or all of the agent's (``None``: a password
    reset, a disabled account): those workbench sockets close, in every process."""
    emit(db, f"agent:{agent_id}", {"type": "logged_out", "login": login})

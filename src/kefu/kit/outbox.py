"""Events wait on the database session until it commits.

Services call ``emit``; only the edge that commits calls ``take`` and publishes,
so nobody is ever told about a change that was rolled back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

Event = tuple[str, dict[str, Any]]


class Serialised(dict[str, Any]):
    """An event that carries its JSON ``text``, made once where it is emitted: the
    sockets send every subscriber that same string (chat/connection.py) rather than
    serialise the event again for each. Never change one after it is emitted."""

    __slots__ = ("text",)
    text: str


def emit(db: Session, channel: str, event: dict[str, Any]) -> None:
    db.info.setdefault("outbox", []).append((channel, event))


def take(db: Session) -> list[Event]:
    """The events of the transaction just committed (and forget them)."""
    return db.info.pop("outbox", [])


def discard(db: Session) -> None:
    db.info.pop("outbox", None)


def pending(db: Session) -> int:
    """How many events wait on the session: where the next step's events will begin."""
    return len(db.info.get("outbox", ()))


def drop_after(db: Session, mark: int) -> None:
    """Forget the events emitted since ``mark`` (their savepoint was rolled back)."""
    del db.info.get("outbox", [])[mark:]

"""Operational records: outgoing mail (claimed per recipient), the audit log
(append-only), and login throttling counters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kefu.models.base import Base, id_column


class OutgoingMail(Base):
    """One mail to one recipient. Queued in the transaction that decided to send it,
    delivered after that commit by the mail loop; ``key`` names what it is for, so
    queueing the same thing twice adds nothing."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (
        UniqueConstraint("key", "recipient"),
        Index("ix_outgoing_mail_due", "status", "next_attempt_at"),
    )

    id: Mapped[str] = id_column()
    key: Mapped[str] = mapped_column(String(128))
    recipient: Mapped[str]
    subject: Mapped[str] = mapped_column(String(500))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16))  # pending, sending, sent, parked
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    claimed_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class AuditEntry(Base):
    """Who did what to what, when and from where. Rows are only ever added."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_action", "action", "at"),
        Index("ix_audit_log_target", "target", "at"),  # one thing's history (a case's 指派)
    )

    id: Mapped[str] = id_column()
    at: Mapped[dt.datetime]
    actor_id: Mapped[str | None] = mapped_column(String(64), index=True)  # None: the system
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str | None]
    detail: Mapped[dict[str, Any]]
    address: Mapped[str | None] = mapped_column(String(64))


class LoginThrottle(Base):
    """Failed logins counted per account (``account:LOGIN``) or per address
    (``address:IP``); a lock set here holds until it passes or a supervisor lifts it."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime]
    locked_until: Mapped[dt.datetime | None]

"""Outgoing mail, each exactly once (issue 17).

A service that decides to mail something calls ``do_queue`` in its own transaction:
one row per recipient, keyed by what the mail is for, so deciding twice queues
nothing more and a rollback queues nothing at all. The mail loop (jobs.py) then
claims due rows in a short transaction under the scheduler's lock, talks to the
relay with no transaction open, and records each recipient's outcome in a
transaction of its own: sent; refused for good (SMTP 5xx), parked with the reason;
or failed for now, retried later with a growing delay, parked after
``MAX_ATTEMPTS``. Nothing that was sent is ever sent again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from sqlalchemy.orm import Session

from kefu.kit.ids import new_id
from kefu.kit.mail import Outcome
from kefu.mailing import repository
from kefu.models import OutgoingMail

MAX_ATTEMPTS = 8
FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_RETRY = dt.timedelta(hours=1)
# A claim older than this belongs to a process that died mid-send: claimed again.
CLAIM_LEASE = dt.timedelta(minutes=10)
CLAIM_LIMIT = 50


@dataclass(frozen=True)
class Claimed:
    """A claimed mail, detached from its session: what the sender needs."""

    id: str
    recipient: str
    raw: bytes

    def message(self) -> EmailMessage:
        parsed = BytesParser(policy=policy.default).parsebytes(self.raw)
        assert isinstance(parsed, EmailMessage)
        return parsed


def do_queue(
    db: Session, *, key: str, mail: EmailMessage, recipients: list[str], now: dt.datetime
) -> int:
    """Queue ``mail`` for each recipient not queued under ``key`` yet; how many were new."""
    added = 0
    raw = bytes(mail)
    for recipient in dict.fromkeys(r.strip() for r in recipients if r.strip()):
        if repository.queued(db, key, recipient) is not None:
            continue
        repository.add(
            db,
            OutgoingMail(
                id=new_id("mail"),
                key=key,
                recipient=recipient,
                subject=str(mail["Subject"] or "")[:500],
                raw=raw,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            ),
        )
        added += 1
    return added


def do_claim_due(db: Session, *, now: dt.datetime, limit: int = CLAIM_LIMIT) -> list[Claimed]:
    """Mark due mail as being sent (the caller holds the scheduler's lock)."""
    claimed = []
    for row in repository.due(db, now=now, stale_before=now - CLAIM_LEASE, limit=limit):
        row.status, row.claimed_at, row.attempts = "sending", now, row.attempts + 1
        claimed.append(Claimed(id=row.id, recipient=row.recipient, raw=row.raw))
    db.flush()
    return claimed


def do_record(db: Session, *, mail_id: str, outcome: Outcome, now: dt.datetime) -> str:
    """Record how one delivery went; returns the mail's new status."""
    row = repository.get(db, mail_id)
    if row is None or row.status != "sending":
        return row.status if row else "gone"
    if outcome.sent:
        row.status, row.sent_at, row.last_error = "sent", now, None
    elif outcome.permanent or row.attempts >= MAX_ATTEMPTS:
        row.status, row.last_error = "parked", outcome.reason
    else:
        row.status, row.last_error = "pending", outcome.reason
        row.next_attempt_at = now + retry_delay(row.attempts)
    db.flush()
    return row.status


def retry_delay(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, ... at most an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def mails_for(db: Session, *, key_prefix: str) -> list[OutgoingMail]:
    return repository.by_key_prefix(db, key_prefix)


def parked(db: Session, *, key_prefix: str, since: dt.datetime) -> dict[str, str]:
    """Mail under ``key_prefix`` given up on since ``since``: key → the reason."""
    return {row.key: row.last_error or "" for row in repository.parked_since(db, key_prefix, since)}

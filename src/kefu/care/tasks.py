"""Scheduled work of the care domain: mailing queued care messages."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy.orm import Session

from kefu.care import repository
from kefu.config import get_settings
from kefu.kit import mail as kit_mail


def do_send_queued_emails(db: Session, *, relay: str, from_address: str, limit: int = 50) -> int:
    """Mail queued care messages; each is marked sent, or failed with the reason."""
    sent = 0
    for row in repository.queued_emails(db, limit):
        mail = EmailMessage()
        mail["From"] = from_address
        mail["To"] = row.address or ""
        mail["Subject"] = f"来自{get_settings().shop_name}的问候"
        mail["Message-ID"] = make_msgid(domain=from_address.split("@")[-1])
        mail.set_content(row.text)
        try:
            kit_mail.send(relay, mail)
        except OSError as error:  # refused recipient, relay down: recorded, not retried forever
            row.status, row.result = "failed", str(error)[:500]
        else:
            row.status, row.result = "sent", str(mail["Message-ID"])
            sent += 1
        db.flush()
    return sent

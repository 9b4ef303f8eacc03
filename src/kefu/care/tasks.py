"""Scheduled work of the care domain: mailing queued care messages."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy.orm import Session

from kefu.care import repository, surveys
from kefu.config import get_settings
from kefu.kit import mail as kit_mail
from kefu.models import CareSend, Survey


def do_send_queued_emails(db: Session, *, relay: str, from_address: str, limit: int = 50) -> int:
    """Mail queued care messages and surveys; each is marked sent, or failed with why."""
    subject = f"来自{get_settings().shop_name}的问候"
    sent = 0
    for row in repository.queued_emails(db, limit):
        sent += _mail(row, relay, from_address, subject, row.text)
    for survey in repository.queued_surveys(db, limit):
        label = "投诉" if survey.case_kind == "complaint" else "售后"
        text = surveys.message(survey, label)
        sent += _mail(
            survey, relay, from_address, f"{get_settings().shop_name}服务满意度回访", text
        )
    return sent


def _mail(row: CareSend | Survey, relay: str, from_address: str, subject: str, text: str) -> int:
    mail = EmailMessage()
    mail["From"] = from_address
    mail["To"] = row.address or ""
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid(domain=from_address.split("@")[-1])
    mail.set_content(text)
    try:
        kit_mail.send(relay, mail)
    except OSError as error:  # refused recipient, relay down: recorded, not retried forever
        row.status = "failed"
        if isinstance(row, CareSend):
            row.result = str(error)[:500]
        return 0
    row.status = "sent"
    if isinstance(row, CareSend):
        row.result = str(mail["Message-ID"])
    return 1

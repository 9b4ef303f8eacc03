"""Scheduled work of the care domain: queueing care messages and surveys as mail, and
marking those the relay refused."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy.orm import Session

from kefu.care import repository, surveys
from kefu.config import get_settings
from kefu.kit import clock
from kefu.mailing import service as mailing
from kefu.models import CareSend, Survey


def do_queue_emails(db: Session, *, from_address: str, limit: int = 50) -> int:
    """Queue care messages and surveys waiting for mail (mailing/ sends each once);
    each is marked sent with its Message-ID, which the outgoing mail keeps."""
    subject = f"来自{get_settings().shop_name}的问候"
    queued = 0
    for row in repository.queued_emails(db, limit):
        queued += _queue(db, f"care:{row.id}", row, from_address, subject, row.text)
    for survey in repository.queued_surveys(db, limit):
        label = "投诉" if survey.case_kind == "complaint" else "售后"
        text = surveys.message(survey, label)
        subject = f"{get_settings().shop_name}服务满意度回访"
        queued += _queue(db, f"survey:{survey.id}", survey, from_address, subject, text)
    return queued


def do_note_undelivered(db: Session, *, since: dt.datetime) -> int:
    """Care mail and surveys the relay refused for good (or that failed every retry)
    since ``since`` are marked failed, with the relay's reason where the row keeps one."""
    reasons = {
        **mailing.parked(db, key_prefix="care:", since=since),
        **mailing.parked(db, key_prefix="survey:", since=since),
    }
    ids = {key.partition(":")[2]: reason for key, reason in reasons.items()}
    care_ids = [int(key) for key in ids if key.isdigit()]  # care sends count, surveys don't
    rows = [*repository.care_sends(db, care_ids), *repository.surveys(db, list(ids))]
    marked = 0
    for row in rows:
        if row.status != "sent":
            continue
        row.status = "failed"
        if isinstance(row, CareSend):
            row.result = ids[str(row.id)][:500]
        marked += 1
    db.flush()
    return marked


def _queue(
    db: Session, key: str, row: CareSend | Survey, from_address: str, subject: str, text: str
) -> int:
    if not row.address:
        row.status = "failed"
        if isinstance(row, CareSend):
            row.result = "没有邮箱地址"
        return 0
    mail = EmailMessage()
    mail["From"] = from_address
    mail["To"] = row.address
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid(domain=from_address.split("@")[-1])
    mail.set_content(text)
    mailing.do_queue(db, key=key, mail=mail, recipients=[row.address], now=clock.now())
    row.status = "sent"
    if isinstance(row, CareSend):
        row.result = str(mail["Message-ID"])
    return 1

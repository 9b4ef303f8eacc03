"""The email channel: mail to the shop's service address becomes chat messages,
threaded by Message-ID / In-Reply-To; agents' replies in email sessions are queued
as outgoing mail (mailing/), sent through the SMTP relay set in the settings."""

from __future__ import annotations

import hashlib
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import make_msgid, parseaddr

from sqlalchemy.orm import Session

from kefu.chat import repository, service
from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.kit.errors import BadInput
from kefu.mailing import service as mailing
from kefu.messaging import queries as messaging_queries
from kefu.messaging import service as messaging
from kefu.models.chat import Channel, SessionStatus

QUOTE_HEADER = re.compile(r"^(On .+ wrote:|在.+写道[:：]|-----\s*Original Message\s*-----)\s*$")


def do_receive_mail(db: Session, *, raw: bytes) -> service.Sent:
    """One incoming mail: a new session, or the next message of the one it answers."""
    mail = BytesParser(policy=policy.default).parsebytes(raw)
    name, address = parseaddr(str(mail.get("From", "")))
    if "@" not in address:
        raise BadInput("邮件缺少发件人", code="mail_without_sender")
    message_id = str(mail.get("Message-ID", "")).strip() or None
    subject = str(mail.get("Subject", "")).strip()[:255] or None
    customer = crm_service.customer_for_email(db, email=address.lower(), name=name or None)
    thread = _thread_session(db, mail, customer_id=customer.id)
    client_id = (
        "mail-"
        + hashlib.sha256((message_id or raw.decode(errors="replace")).encode()).hexdigest()[:40]
    )
    return service.do_buyer_send(
        db,
        customer_id=customer.id,
        client_id=client_id,
        text=_reply_text(mail),
        channel=Channel.email,
        subject=subject,
        external_id=message_id,
        session_id=thread,
    )


def _thread_session(db: Session, mail: EmailMessage, *, customer_id: str) -> str | None:
    in_reply_to = str(mail.get("In-Reply-To", "")).strip()
    references = [*str(mail.get("References", "")).split(), in_reply_to]
    for reference in reversed([ref for ref in references if ref]):
        earlier = messaging_queries.by_external_id(db, external_id=reference)
        if earlier is None:
            continue
        chat_session = messaging.check_agent_session(db, session_id=earlier.session_id)
        if (
            chat_session
            and chat_session.customer_id == customer_id
            and chat_session.status != SessionStatus.closed
        ):
            return chat_session.id
    return None


def _reply_text(mail: EmailMessage) -> str:
    """The new part of a reply: quoted lines and everything after the quote header dropped."""
    body = mail.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    kept = []
    for line in text.splitlines():
        if QUOTE_HEADER.match(line.strip()):
            break
        if not line.startswith(">"):
            kept.append(line.rstrip())
    return "\n".join(kept).strip()[:2000] or "(空邮件)"


def do_queue_pending_replies(db: Session, *, from_address: str) -> int:
    """Queue agents' unsent replies in email sessions (mailing/service.py sends them);
    each is marked by its Message-ID, so it is queued once."""
    queued = 0
    for message, chat_session, to_address in repository.unsent_email_replies(db):
        answered = messaging_queries.last_buyer_message(db, session_id=chat_session.id)
        mail = EmailMessage()
        mail["From"] = from_address
        mail["To"] = to_address
        mail["Subject"] = f"Re: {chat_session.subject}" if chat_session.subject else "您的咨询回复"
        mail["Message-ID"] = make_msgid(domain=from_address.split("@")[-1])
        if answered is not None and answered.external_id:
            mail["In-Reply-To"] = answered.external_id
            mail["References"] = answered.external_id
        mail.set_content(message.text)
        mailing.do_queue(
            db, key=f"reply:{message.id}", mail=mail, recipients=[to_address], now=clock.now()
        )
        message.external_id = str(mail["Message-ID"])
        db.flush()
        queued += 1
    return queued

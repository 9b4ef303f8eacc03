"""Putting one incident notice in front of one buyer: into the open chat, into the
mail outbox, or as a call task for the hotline group (due two hours after it may
start: now, or the end of quiet hours)."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.mailing import service as mailing
from kefu.messaging import service as messaging
from kefu.models import IncidentNotice, IncidentSend
from kefu.models.work import TaskKind
from kefu.task import service as task_service

CALL_WITHIN = dt.timedelta(hours=2)  # the hotline's time to make a notice call


def deliver(
    db: Session, *, notice: IncidentNotice, send: IncidentSend, text: str, now: dt.datetime
) -> None:
    """Deliver ``send`` now; a chat whose buyer left meanwhile falls back to e-mail,
    and with no address the send is marked skipped."""
    channel = send.channel
    if channel == "chat":
        live = messaging.live_session(db, customer_id=send.customer_id)
        if live is not None:
            messaging.do_system_send(db, chat_session=live, text=text)
        else:
            channel = "email" if send.address else None
    if channel == "email" and send.address:
        _mail(db, notice, send, text, now)
    elif channel == "call_task":
        task_service.do_open(
            db,
            kind=TaskKind.incident_call,
            title=f"异常通知：{notice.title}（订单 {'、'.join(send.order_ids)}）",
            due_at=send.due_at + CALL_WITHIN,
            dedupe_key=f"incident:{notice.id}:{send.customer_id}",
            group_id=task_service.team(db, "hotline_group"),
            customer_id=send.customer_id,
            order_id=send.order_ids[0],
            payload={"script": text},
        )
    if channel is None:
        send.status, send.reason = "skipped", "no_channel"
        return
    send.channel, send.status, send.sent_at = channel, "sent", now


def _mail(
    db: Session, notice: IncidentNotice, send: IncidentSend, text: str, now: dt.datetime
) -> None:
    assert send.address is not None
    sender = get_settings().service_address
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = send.address
    mail["Subject"] = f"{get_settings().shop_name}：{notice.title}"
    mail["Message-ID"] = make_msgid(domain=sender.split("@")[-1])
    mail.set_content(text)
    key = f"incident:{notice.id}:{send.customer_id}"
    mailing.do_queue(db, key=key, mail=mail, recipients=[send.address], now=now)

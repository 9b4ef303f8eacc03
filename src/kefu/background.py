"""Work the server does beside answering requests: the SMTP listener for the
email channel and the loop that sends agents' email replies and care emails."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field

from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from kefu import scheduler
from kefu.care import tasks as care_tasks
from kefu.chat import email as email_channel
from kefu.config import get_settings
from kefu.feedback import tasks as feedback_tasks
from kefu.kit import clock, outbox
from kefu.kit.errors import KefuError
from kefu.qc import review as qc_review

log = logging.getLogger(__name__)
MAIL_POLL_SECONDS = 2.0
QC_SAMPLE_SECONDS = 3600.0
QC_SAMPLE_FIRST_DELAY = 60.0


@dataclass
class Background:
    servers: list[asyncio.AbstractServer] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for server in self.servers:
            server.close()
            await server.wait_closed()


async def start_background(app: FastAPI) -> Background:
    settings = get_settings()
    background = Background()
    if settings.smtp_listen:
        host, _, port = settings.smtp_listen.rpartition(":")
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(MailHandler(app)), host or "127.0.0.1", int(port)
        )
        background.servers.append(server)
        log.info("receiving mail on %s", settings.smtp_listen)
    if settings.smtp_relay:
        background.tasks.append(asyncio.create_task(_send_replies_forever(app)))
    background.tasks.append(asyncio.create_task(_hourly_forever(app)))
    background.tasks.append(asyncio.create_task(app.state.agent_sockets.run_forever()))
    if settings.scheduler:
        background.tasks.append(asyncio.create_task(_schedule_forever(app)))
    return background


def sample_last_week(app: FastAPI) -> int:
    """Draw last week's QC sample (idempotent, so running it every hour is harmless)."""
    tz = get_settings().shop_timezone
    today = clock.in_zone(clock.now(), tz).date()
    monday = today - dt.timedelta(days=today.weekday() + 7)
    with app.state.sessionmaker() as db:
        added = qc_review.do_sample_week(db, week_start=monday, tz=tz)
        db.commit()
        return added


def mail_feedback_report(app: FastAPI) -> int:
    settings = get_settings()
    if not settings.smtp_relay:
        return 0
    with app.state.sessionmaker() as db:
        sent = feedback_tasks.do_mail_last_week(
            db, relay=settings.smtp_relay, from_address=settings.service_address
        )
        db.commit()
        return sent


async def _hourly_forever(app: FastAPI) -> None:
    await asyncio.sleep(QC_SAMPLE_FIRST_DELAY)  # let the server settle first
    while True:
        for job in (sample_last_week, mail_feedback_report):
            try:
                await run_in_threadpool(job, app)
            except Exception:
                log.exception("%s failed; will retry", job.__name__)
        await asyncio.sleep(QC_SAMPLE_SECONDS)


async def _schedule_forever(app: FastAPI) -> None:
    await asyncio.sleep(QC_SAMPLE_FIRST_DELAY)  # let the server settle first
    await scheduler.run_forever(app.state.sessionmaker)


class MailHandler:
    """aiosmtpd handler: accepts mail for the service address only."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def handle_RCPT(
        self,
        server: SMTP,
        session: SmtpSession,
        envelope: Envelope,
        address: str,
        _rcpt_options: list[str],
    ) -> str:
        if address.lower() != get_settings().service_address.lower():
            return "550 5.1.1 not a mailbox of this shop"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: SmtpSession, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content
        assert isinstance(raw, bytes)
        try:
            events = await run_in_threadpool(self._store, raw)
        except KefuError as exc:
            return f"550 5.6.0 {exc.code}"
        await self.app.state.broker.publish(events)
        return "250 OK"

    def _store(self, raw: bytes) -> list[outbox.Event]:
        with self.app.state.sessionmaker() as db:
            try:
                email_channel.do_receive_mail(db, raw=raw)
                db.commit()
            except BaseException:
                outbox.discard(db)
                db.rollback()
                raise
            return outbox.take(db)


def send_pending_replies(app: FastAPI) -> int:
    settings = get_settings()
    assert settings.smtp_relay
    with app.state.sessionmaker() as db:
        sent = email_channel.do_send_pending_replies(
            db, relay=settings.smtp_relay, from_address=settings.service_address
        )
        sent += care_tasks.do_send_queued_emails(
            db, relay=settings.smtp_relay, from_address=settings.service_address
        )
        db.commit()
        return sent


async def _send_replies_forever(app: FastAPI) -> None:
    while True:
        try:
            await run_in_threadpool(send_pending_replies, app)
        except Exception:  # a relay that is down must not stop the loop
            log.exception("sending email replies failed; will retry")
        await asyncio.sleep(MAIL_POLL_SECONDS)

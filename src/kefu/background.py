"""Work the server does beside answering requests: the SMTP listener for the
email channel, the mail loop (agents' email replies, care mail, the weekly
feedback report), the hourly QC sample and the scheduler. Every job is a unit of
work under the scheduler's lock, ended at the one transaction edge (db.run)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession
from fastapi import FastAPI
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State

from kefu import db as edge
from kefu import joblock, scheduler
from kefu.care import jobs as care_jobs
from kefu.chat import email as email_channel
from kefu.config import get_settings
from kefu.feedback import jobs as feedback_jobs
from kefu.kit import clock
from kefu.kit.errors import KefuError
from kefu.mailing import jobs as mailing_jobs
from kefu.qc import qc_review

log = logging.getLogger(__name__)
MAIL_POLL_SECONDS = 2.0
QC_SAMPLE_SECONDS = 3600.0
QC_SAMPLE_FIRST_DELAY = 60.0
T = TypeVar("T")
# How far back the mail loop looks for refused care mail (it runs every few seconds).
UNDELIVERED_LOOKBACK = dt.timedelta(days=1)


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
        # Every worker of `kefu serve --workers N` listens on the port; the kernel
        # hands each connection to one of them (SO_REUSEPORT).
        server = await loop.create_server(
            lambda: SMTP(MailHandler(app)), host or "127.0.0.1", int(port), reuse_port=True
        )
        background.servers.append(server)
        log.info("receiving mail on %s", settings.smtp_listen)
    if settings.smtp_relay:
        background.tasks.append(asyncio.create_task(_send_mail_forever(app)))
    background.tasks.append(asyncio.create_task(_hourly_forever(app)))
    background.tasks.append(asyncio.create_task(app.state.agent_sockets.run_forever()))
    if settings.scheduler:
        background.tasks.append(asyncio.create_task(_schedule_forever(app)))
    return background


def sample_last_week(db: Session) -> int:
    """Draw last week's QC sample (idempotent, so running it every hour is harmless)."""
    tz = get_settings().shop_timezone
    today = clock.in_zone(clock.now(), tz).date()
    monday = today - dt.timedelta(days=today.weekday() + 7)
    return qc_review.do_sample_week(db, week_start=monday, tz=tz)


def queue_mail(db: Session) -> int:
    """Queue what is due to be mailed: agents' email replies, care messages and
    surveys, and (on Monday morning) last week's feedback report; and mark the care
    mail refused lately as failed."""
    from_address = get_settings().service_address
    care_jobs.do_note_undelivered(db, since=clock.now() - UNDELIVERED_LOOKBACK)
    return (
        email_channel.do_queue_pending_replies(db, from_address=from_address)
        + care_jobs.do_queue_emails(db, from_address=from_address)
        + feedback_jobs.do_mail_last_week(db, from_address=from_address)
    )


async def run_job(state: State, job: Callable[[Session], T]) -> T | None:
    """One background job: a unit of work under the scheduler's lock, committed,
    then its events published (db.run)."""
    return await edge.run(state, joblock.locked(job))


async def _hourly_forever(app: FastAPI) -> None:
    await asyncio.sleep(QC_SAMPLE_FIRST_DELAY)  # let the server settle first
    while True:
        try:
            await run_job(app.state, sample_last_week)
        except Exception:
            log.exception("sampling last week failed; will retry")
        await asyncio.sleep(QC_SAMPLE_SECONDS)


async def _schedule_forever(app: FastAPI) -> None:
    await asyncio.sleep(QC_SAMPLE_FIRST_DELAY)  # let the server settle first
    await scheduler.run_forever(app.state)


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
            await edge.run(self.app.state, lambda db: email_channel.do_receive_mail(db, raw=raw))
        except KefuError as exc:
            return f"550 5.6.0 {exc.code}"
        return "250 OK"


async def send_mail(app: FastAPI) -> None:
    """Queue what is due, then deliver: each mail claimed, sent after the commit
    with no transaction open, its outcome recorded on its own (mailing/)."""
    relay = get_settings().smtp_relay
    assert relay
    await run_job(app.state, queue_mail)
    await run_in_threadpool(
        mailing_jobs.deliver_due,
        app.state.sessionmaker,
        relay=relay,
        publish=edge.publisher_for(app.state),
    )


async def _send_mail_forever(app: FastAPI) -> None:
    while True:
        try:
            await send_mail(app)
        except Exception:  # a relay that is down must not stop the loop
            log.exception("sending mail failed; will retry")
        await asyncio.sleep(MAIL_POLL_SECONDS)

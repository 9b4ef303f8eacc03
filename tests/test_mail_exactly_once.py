"""Issue 17: outgoing mail was sent inside the transaction, so one permanently
refused recipient rolled back the batch and the mails already sent went out again
every 2 s, for ever. Now each recipient's mail is claimed in the database, sent
after the commit, and its outcome recorded on its own (kefu/mailing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session, sessionmaker

from kefu.feedback import service as feedback
from kefu.kit import clock
from kefu.kit.mail import Outcome
from kefu.mailing import service as mailing
from kefu.mailing.jobs import deliver_due
from kefu.models import Agent
from kefu.models.team import Role
from kefu.shop import service as shop
from tests import live
from tests.chat_helpers import WORK_TIME, frozen_at
from tests.factories import add_agent
from tests.test_feedback import MONDAY, chat_message, tag

REFUSED = "nobody@shop.example"
BATCH = [f"boss{n}@shop.example" for n in range(4)] + [REFUSED]


class PickyRelay:
    """A loopback relay that refuses ``REFUSED`` for good (550) and, while
    ``busy`` > 0, answers everyone else 451 (try later)."""

    def __init__(self) -> None:
        self.delivered: list[str] = []  # one entry per recipient per mail accepted
        self.busy = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == REFUSED:
            return "550 5.1.1 mailbox unavailable"
        if self.busy:
            self.busy -= 1
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.delivered.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def picky() -> Iterator[tuple[PickyRelay, str]]:
    handler = PickyRelay()
    port = live.free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, f"127.0.0.1:{port}"
    controller.stop()


def queue_report(session: Session, recipients: list[str]) -> int:
    mei: Agent = add_agent(session, "mei", Role.aftersale)
    with frozen_at(WORK_TIME):
        _c, session_id, message_id = chat_message(session, "快递太慢了")
        tag(session, session_id, message_id, "logistics", mei)
    shop.do_set(session, key="feedback_emails", value={"logistics": recipients})
    return feedback.do_mail_report(session, week_start=MONDAY, from_address="kefu@shop.example")


class TestOneRefusedRecipientResendsTheBatchForever:
    def test_four_get_one_copy_the_refused_one_is_parked_nothing_resent(
        self,
        session: Session,
        session_factory: sessionmaker[Session],
        picky: tuple[PickyRelay, str],
    ) -> None:
        relay, address = picky
        assert queue_report(session, BATCH) == 1
        assert deliver_due(session_factory, relay=address) == {"sent": 4, "parked": 1}
        for _tick in range(3):  # the loop's next ticks
            assert deliver_due(session_factory, relay=address) == {}
        assert sorted(relay.delivered) == sorted(BATCH[:4])  # exactly one copy each
        rows = {row.recipient: row for row in mailing.mails_for(session, key_prefix="feedback:")}
        for row in rows.values():
            session.refresh(row)
        assert rows[REFUSED].status == "parked"
        assert rows[REFUSED].last_error and rows[REFUSED].last_error.startswith("550")
        assert {rows[r].status for r in BATCH[:4]} == {"sent"}
        assert {rows[r].attempts for r in BATCH} == {1}

    def test_queueing_the_same_report_again_adds_nothing(self, session: Session) -> None:
        queue_report(session, BATCH)
        again = feedback.do_mail_report(
            session, week_start=MONDAY, from_address="kefu@shop.example"
        )
        assert again == 1  # the section is still reported...
        assert len(mailing.mails_for(session, key_prefix="feedback:")) == 5  # ...not requeued


class TestTemporaryFailuresAreRetriedWithBackoff:
    def test_451_waits_then_goes_once(
        self,
        session: Session,
        session_factory: sessionmaker[Session],
        picky: tuple[PickyRelay, str],
    ) -> None:
        relay, address = picky
        relay.busy = 1
        start = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
        with frozen_at(start) as frozen:
            queue_report(session, BATCH[:1])
            assert deliver_due(session_factory, relay=address) == {"pending": 1}
            assert deliver_due(session_factory, relay=address) == {}  # not due yet
            frozen.advance(mailing.FIRST_RETRY + dt.timedelta(seconds=1))
            assert deliver_due(session_factory, relay=address) == {"sent": 1}
            frozen.advance(dt.timedelta(hours=2))
            assert deliver_due(session_factory, relay=address) == {}
        assert relay.delivered == BATCH[:1]


class TestRecordOutcome:
    def test_retry_delay_grows_and_is_capped(self) -> None:
        delays = [mailing.retry_delay(n).total_seconds() for n in (1, 2, 3, 9, 20)]
        assert delays == [30, 60, 120, 3600, 3600]

    def test_parked_after_the_last_attempt(self, session: Session) -> None:
        queue_report(session, BATCH[:1])
        [row] = mailing.mails_for(session, key_prefix="feedback:")
        now = dt.datetime(2026, 11, 16, tzinfo=dt.UTC)
        row.status, row.attempts = "sending", mailing.MAX_ATTEMPTS
        busy = Outcome(sent=False, reason="451 busy")
        assert mailing.do_record(session, mail_id=row.id, outcome=busy, now=now) == "parked"
        assert row.last_error == "451 busy"

    def test_a_stale_claim_is_claimed_again(self, session: Session) -> None:
        queue_report(session, BATCH[:1])
        now = clock.now() + dt.timedelta(seconds=1)
        assert len(mailing.do_claim_due(session, now=now)) == 1
        assert mailing.do_claim_due(session, now=now + dt.timedelta(minutes=1)) == []
        later = now + mailing.CLAIM_LEASE + dt.timedelta(seconds=1)
        assert len(mailing.do_claim_due(session, now=later)) == 1

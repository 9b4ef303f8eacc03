"""The mail loop's work: claim, send outside any transaction, record each outcome."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from kefu import joblock
from kefu.db import unit_of_work
from kefu.kit import clock
from kefu.kit import mail as kit_mail
from kefu.kit.outbox import Event
from kefu.mailing import service

Publish = Callable[[list[Event]], None]


def deliver_due(
    factory: sessionmaker[Session], *, relay: str, publish: Publish | None = None
) -> Counter[str]:
    """Send the mail whose turn has come; counts of the outcomes (sent, parked, pending).

    The claim commits before the relay is called, and each outcome commits on its
    own, so a slow or failing relay holds no lock and one refusal undoes nothing.
    """
    with unit_of_work(factory, publish=publish) as db:
        claim = joblock.locked(lambda db: service.do_claim_due(db, now=clock.now()))
        claimed = claim(db) or []
    outcomes: Counter[str] = Counter()
    for mail in claimed:
        outcome = kit_mail.deliver(relay, mail.message(), mail.recipient)
        with unit_of_work(factory, publish=publish) as db:
            outcomes[service.do_record(db, mail_id=mail.id, outcome=outcome, now=clock.now())] += 1
    return outcomes

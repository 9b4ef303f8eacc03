"""The incident domain's scheduled work: notices held back by quiet hours go out
once those end. Idempotent: a send leaves ``deferred`` when it is delivered."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.crm import service as crm_service
from kefu.incident import delivery, repository, service

BATCH = 200


def deliver_deferred(db: Session, *, now: dt.datetime) -> int:
    """Deliver the deferred sends that are due; how many went out."""
    count = 0
    for send in repository.due_deferred(db, now, BATCH):
        notice = service.get_notice(db, send.notice_id)
        customer = crm_service.get_customer(db, send.customer_id)
        text = service.render(notice.text, customer, send.order_ids)
        delivery.deliver(db, notice=notice, send=send, text=text, now=now)
        count += send.status == "sent"
    db.flush()
    return count


EVALUATORS = (deliver_deferred,)

"""Appending a message has one implementation (messaging/append.py): the request path
(``do_buyer_send``/``do_agent_send``, one ORM row) and the WebSocket's batch path
(``do_sends``, one INSERT for the batch) must store the same row and publish the same
event, field by field, for the same message."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.chat import service
from kefu.chat.sends import AgentSend, BuyerSend, do_sends
from kefu.kit import clock, outbox
from kefu.messaging import append
from kefu.models import Agent, ChatSession, Message
from kefu.models.chat import Sender
from tests.chat_helpers import WORK_TIME, agent, buyer, frozen_at

ids = count(1)
COLUMNS = [column.name for column in Message.__table__.columns]


@pytest.fixture
def at_work() -> Iterator[clock.FrozenClock]:
    with frozen_at(WORK_TIME) as frozen:
        yield frozen


def served(db: Session) -> ChatSession:
    """A buyer's session assigned to an agent through the full path (seq 1–3)."""
    sent = service.do_buyer_send(db, customer_id=buyer(db), client_id=f"o{next(ids)}", text="在吗")
    chat_session = db.get(ChatSession, sent.session_id)
    assert chat_session is not None and chat_session.agent_id is not None
    outbox.take(db)
    return chat_session


def stored(db: Session, chat_session: ChatSession) -> dict[str, Any]:
    """The last message's columns and the session's counters, without the session's id."""
    db.expire_all()
    message = db.scalars(
        select(Message).where(Message.session_id == chat_session.id).order_by(Message.seq.desc())
    ).first()
    assert message is not None
    row = {column: getattr(message, column) for column in COLUMNS}
    row.pop("id"), row.pop("session_id")
    db.refresh(chat_session)
    counters = {
        "last_seq": chat_session.last_seq,
        "agent_read_seq": chat_session.agent_read_seq,
        "waiting_since": chat_session.waiting_since,
    }
    return {"row": row, "session": counters}


def published(events: list[tuple[str, dict[str, Any]]], session_id: str) -> list[Any]:
    """The events with the session's and the message's ids left out: all else must match."""
    out = []
    for channel, event in events:
        message = {k: v for k, v in event["message"].items() if k not in ("id", "session_id")}
        out.append((channel.replace(session_id, "S"), event["type"], message))
    return out


def by_request(db: Session, chat_session: ChatSession, who: Agent | None, text: str) -> None:
    if who is None:
        service.do_buyer_send(db, customer_id=chat_session.customer_id, client_id="c1", text=text)
    else:
        service.do_agent_send(db, agent=who, session_id=chat_session.id, client_id="c1", text=text)


def by_batch(db: Session, chat_session: ChatSession, who: Agent | None, text: str) -> None:
    send = (
        BuyerSend(customer_id=chat_session.customer_id, client_id="c1", text=text)
        if who is None
        else AgentSend(agent_id=who.id, session_id=chat_session.id, client_id="c1", text=text)
    )
    [outcome] = do_sends(db, sends=[send])
    assert not isinstance(outcome.result, Exception)


@pytest.mark.usefixtures("at_work")
class TestOneAppend:
    @pytest.mark.parametrize("sender", ["buyer", "agent"])
    def test_request_and_batch_paths_store_and_publish_the_same(
        self, session: Session, sender: str
    ) -> None:
        mei = agent(session, "mei")
        who = mei if sender == "agent" else None
        request_side, batch_side = served(session), served(session)

        by_request(session, request_side, who, "有L码吗")
        session.flush()
        request_events = published(outbox.take(session), request_side.id)
        by_batch(session, batch_side, who, "有L码吗")
        session.flush()
        batch_events = published(outbox.take(session), batch_side.id)

        assert stored(session, batch_side) == stored(session, request_side)
        assert batch_events == request_events
        assert stored(session, batch_side)["row"] == {
            "seq": 4,
            "at": stored(session, batch_side)["row"]["at"],
            "sender": sender,
            "agent_id": "mei" if who else None,
            "text": "有L码吗",
            "kind": "text",
            "attachment_id": None,
            "client_id": "c1",
            "external_id": None,
            "extra": None,
        }
        assert [channel for channel, _, _ in batch_events] == ["session:S", "agent:mei"]
        assert batch_events[0][2]["agent_name"] == (mei.name if who else None)

    def test_a_buyer_starts_the_wait_and_an_agent_ends_it_and_reads(self, session: Session) -> None:
        agent(session, "mei")
        chat_session = served(session)
        chat_session.waiting_since = None
        row = append.columns(chat_session, Sender.buyer, "在吗")
        assert chat_session.waiting_since == row["at"] and row["seq"] == 4
        append.columns(chat_session, Sender.agent, "在的", agent_id="mei")
        assert chat_session.waiting_since is None
        assert chat_session.agent_read_seq == chat_session.last_seq == 5
        append.columns(chat_session, Sender.bot, "您好")
        assert (chat_session.agent_read_seq, chat_session.last_seq) == (5, 6)

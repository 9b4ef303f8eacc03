"""Chat sends written in batches (chat/sends.py) and the group commit (chat/writer.py).

Protocol: docs/protocol.md (a message is committed before its ack; a client id
never stores a message twice). A batch must leave exactly what the same sends
made one at a time through ``do_buyer_send``/``do_agent_send`` would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.datastructures import State

from kefu import migrate
from kefu.chat import service
from kefu.chat.sends import AgentSend, BuyerSend, do_sends
from kefu.chat.writer import SendWriter
from kefu.db import DB_SLOTS, make_engine, make_sessionmaker, unit_of_work
from kefu.kit import clock, outbox
from kefu.kit.errors import KefuError
from kefu.models import ChatSession, Message, Task
from kefu.models.chat import SessionStatus
from kefu.models.team import AgentStatus
from kefu.team import service as team_service
from tests.chat_helpers import WORK_TIME, agent, buyer, frozen_at

ids = count(1)


@pytest.fixture
def at_work() -> Iterator[clock.FrozenClock]:
    with frozen_at(WORK_TIME) as frozen:
        yield frozen


def open_session(db: Session) -> ChatSession:
    """A buyer's session, greeted and assigned through the full path: the buyer's
    message, the greeting and the agent's introduction (seq 1–3)."""
    sent = service.do_buyer_send(db, customer_id=buyer(db), client_id=f"o{next(ids)}", text="在吗")
    chat_session = db.get(ChatSession, sent.session_id)
    assert chat_session is not None
    return chat_session


def written(db: Session, sends: list[BuyerSend | AgentSend]) -> list[tuple[Any, list[Any]]]:
    """Each send's result and its events, as the writer hands them out after commit."""
    outcomes = do_sends(db, sends=sends)
    db.flush()
    events = outbox.take(db)
    return [(outcome.result, events[outcome.events]) for outcome in outcomes]


def shape(chat_session: ChatSession, db: Session) -> dict[str, Any]:
    """What a send leaves behind, without ids and times."""
    db.refresh(chat_session)
    messages = db.scalars(
        select(Message).where(Message.session_id == chat_session.id).order_by(Message.seq)
    ).all()
    return {
        "messages": [(m.seq, m.sender, m.agent_id, m.text, m.kind, m.client_id) for m in messages],
        "last_seq": chat_session.last_seq,
        "agent_read_seq": chat_session.agent_read_seq,
        "waiting": chat_session.waiting_since is not None,
    }


def event_shape(events: list[Any], session_id: str) -> list[tuple[str, str, int]]:
    return [
        (channel.replace(session_id, "S"), e["type"], e["message"]["seq"]) for channel, e in events
    ]


@pytest.mark.usefixtures("at_work")
class TestDoSends:
    def test_a_batch_leaves_what_the_same_sends_one_at_a_time_leave(self, session: Session) -> None:
        mei = agent(session, "mei")
        batched, alone = open_session(session), open_session(session)
        results = written(
            session,
            [
                BuyerSend(customer_id=batched.customer_id, client_id="b1", text="有L码吗"),
                AgentSend(agent_id=mei.id, session_id=batched.id, client_id="a1", text="有的"),
                BuyerSend(
                    customer_id=batched.customer_id,
                    client_id="b2",
                    text="好的",
                    session_id=batched.id,
                ),
            ],
        )
        one_by_one = [
            service.do_buyer_send(
                session, customer_id=alone.customer_id, client_id="b1", text="有L码吗"
            ),
            service.do_agent_send(
                session, agent=mei, session_id=alone.id, client_id="a1", text="有的"
            ),
            service.do_buyer_send(
                session,
                customer_id=alone.customer_id,
                client_id="b2",
                text="好的",
                session_id=alone.id,
            ),
        ]
        session.flush()
        events_alone = outbox.take(session)
        opened_apart = {"messages": None}  # the first messages' client ids differ
        assert {**shape(batched, session), **opened_apart} == {
            **shape(alone, session),
            **opened_apart,
        }
        assert shape(batched, session)["messages"][1:] == shape(alone, session)["messages"][1:]
        assert shape(batched, session)["messages"][-3:] == [
            (4, "buyer", None, "有L码吗", "text", "b1"),
            (5, "agent", "mei", "有的", "text", "a1"),
            (6, "buyer", None, "好的", "text", "b2"),
        ]
        assert shape(batched, session)["waiting"] is True  # the buyer spoke last
        assert [sent.created for sent, _ in results] == [True, True, True]
        assert [sent.message.agent_name for sent, _ in results] == [
            s.message.agent_name for s in one_by_one
        ]
        assert [event_shape(events, batched.id) for _, events in results] == [
            [("session:S", "message", 4), ("agent:mei", "message", 4)],
            [("session:S", "message", 5), ("agent:mei", "message", 5)],
            [("session:S", "message", 6), ("agent:mei", "message", 6)],
        ]
        assert event_shape(events_alone[-6:], alone.id) == [
            e for _, events in results for e in event_shape(events, batched.id)
        ]

    def test_an_agent_answer_clears_waiting_and_marks_read(self, session: Session) -> None:
        mei = agent(session, "mei")
        chat_session = open_session(session)
        written(session, [AgentSend(mei.id, chat_session.id, "a1", "您好")])
        assert shape(chat_session, session)["waiting"] is False
        assert chat_session.agent_read_seq == chat_session.last_seq == 4

    def test_socket_send_after_logout_stores_nothing(self, session: Session) -> None:
        mei = agent(session, "mei")
        chat_session = open_session(session)
        login = team_service.do_login(session, login="mei", password="s3cret-pass", hours=1)
        token_hash = login.login_session.token_hash
        [(before, _)] = written(
            session, [AgentSend(mei.id, chat_session.id, "a1", "在的", token_hash)]
        )
        assert not isinstance(before, KefuError)
        team_service.do_logout(session, token=login.token)
        [(after, events)] = written(
            session, [AgentSend(mei.id, chat_session.id, "a2", "还在", token_hash)]
        )
        assert isinstance(after, KefuError) and after.code == "session_expired"
        assert events == []
        texts = session.scalars(select(Message.text).where(Message.session_id == chat_session.id))
        assert "还在" not in list(texts)

    def test_a_retried_client_id_gives_back_the_first_message(self, session: Session) -> None:
        agent(session, "mei")
        chat_session = open_session(session)
        send = BuyerSend(customer_id=chat_session.customer_id, client_id="b1", text="有L码吗")
        [(first, _)] = written(session, [send])
        [(again, events), (twice, _)] = written(session, [send, send])
        assert (first.created, again.created, twice.created) == (True, False, False)
        assert first.message.id == again.message.id == twice.message.id
        assert events == []
        assert [m[5] for m in shape(chat_session, session)["messages"]].count("b1") == 1

    def test_a_refused_send_undoes_no_other(self, session: Session) -> None:
        agent(session, "mei")
        wang = agent(session, "wang")
        mine, theirs = open_session(session), open_session(session)
        assert theirs.agent_id == "wang" and mine.agent_id == "mei"
        results = written(
            session,
            [
                BuyerSend(customer_id=mine.customer_id, client_id="b1", text="在吗"),
                BuyerSend(customer_id=mine.customer_id, client_id="b2", text="   "),
                BuyerSend(
                    customer_id=mine.customer_id,
                    client_id="b3",
                    text="偷看",
                    session_id=theirs.id,
                ),
                AgentSend(agent_id=wang.id, session_id=mine.id, client_id="a1", text="插话"),
                BuyerSend(customer_id=mine.customer_id, client_id="b4", text="有人吗"),
            ],
        )
        codes = [r.code if isinstance(r, KefuError) else "ok" for r, _ in results]
        assert codes == ["ok", "empty_message", "session_not_found", "not_your_session", "ok"]
        assert [events for r, events in results if isinstance(r, KefuError)] == [[], [], []]
        assert [m[5] for m in shape(mine, session)["messages"]][-2:] == ["b1", "b4"]
        assert shape(theirs, session)["last_seq"] == 3

    def test_sends_that_need_more_than_appending_take_the_full_path(self, session: Session) -> None:
        mei = agent(session, "mei", status=AgentStatus.offline)
        customer = buyer(session)
        [(opened, events)] = written(
            session, [BuyerSend(customer_id=customer, client_id="b1", text="在吗")]
        )
        chat_session = session.get(ChatSession, opened.session_id)
        assert chat_session is not None and chat_session.status == SessionStatus.offline
        assert [m[1] for m in shape(chat_session, session)["messages"]] == ["buyer", "bot", "bot"]
        assert "session" in {e["type"] for _, e in events}  # routed: everyone is told
        [(answered, _)] = written(session, [AgentSend(mei.id, chat_session.id, "a1", "在的")])
        session.refresh(chat_session)
        task = session.scalar(select(Task).where(Task.session_id == chat_session.id))
        assert answered.created and chat_session.status == SessionStatus.assigned
        assert task is not None and task.status == "done"

    def test_a_closed_named_session_gives_way_to_a_new_one(self, session: Session) -> None:
        agent(session, "mei")
        old = open_session(session)
        service.do_close(session, chat_session=old)
        [(sent, _)] = written(
            session,
            [
                BuyerSend(
                    customer_id=old.customer_id, client_id="b1", text="还在吗", session_id=old.id
                )
            ],
        )
        assert sent.created and sent.session_id != old.id

    def test_objects_loaded_before_see_the_batch(self, session: Session) -> None:
        agent(session, "mei")
        chat_session = open_session(session)
        written(session, [BuyerSend(chat_session.customer_id, "b1", "有L码吗")])
        assert chat_session.last_seq == 4  # not the 3 it held before the batch


class TestSendWriter:
    """The real writer on a real SQLite file, many senders at once."""

    @pytest.fixture
    def state(self, tmp_path: Path) -> Iterator[State]:
        url = f"sqlite:///{tmp_path / 'writer.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        state = State()
        state.sessionmaker = make_sessionmaker(engine)
        state.commits = 0

        @event.listens_for(engine, "commit")
        def counted(_: Any) -> None:
            state.commits += 1

        yield state
        engine.dispose()

    def sessions(self, state: State, buyers: int) -> list[ChatSession]:
        with frozen_at(WORK_TIME), unit_of_work(state.sessionmaker) as db:
            agent(db, "mei", max_concurrent=buyers)
            return [open_session(db) for _ in range(buyers)]

    async def send_all(self, state: State, sends: list[BuyerSend]) -> list[Any]:
        state.db_slots = asyncio.Semaphore(DB_SLOTS)
        writer = SendWriter(state)
        return await asyncio.gather(*(writer.submit(s) for s in sends), return_exceptions=True)

    def test_many_senders_share_few_commits_and_each_gets_its_own_result(
        self, state: State
    ) -> None:
        chats = self.sessions(state, 30)
        sends = [BuyerSend(c.customer_id, f"b{n}", f"第{n}条") for n, c in enumerate(chats)]
        sends.insert(7, BuyerSend(chats[0].customer_id, "empty", ""))
        state.commits = 0
        results = asyncio.run(self.send_all(state, sends))
        assert state.commits < 10  # 31 sends: one commit each would be 31
        assert isinstance(results[7], KefuError) and results[7].code == "empty_message"
        oks = [r for r in results if not isinstance(r, BaseException)]
        assert len(oks) == 30
        assert {sent.message.text for sent, _ in oks} == {f"第{n}条" for n in range(30)}
        assert all(channels[0][0] == f"session:{sent.session_id}" for sent, channels in oks)
        with state.sessionmaker() as db:
            stored = db.scalars(select(Message.client_id).where(Message.sender == "buyer"))
            assert {c for c in stored if c.startswith("b")} == {f"b{n}" for n in range(30)}

    def test_a_batch_that_fails_whole_is_written_send_by_send(self, state: State) -> None:
        """A send the database itself refuses (here a trigger) fails the batch's
        transaction; the writer then writes each send alone, so only that one fails."""
        chats = self.sessions(state, 3)
        with unit_of_work(state.sessionmaker) as db:
            db.execute(
                text(
                    "CREATE TRIGGER refuse_bad BEFORE INSERT ON messages "
                    "WHEN NEW.text = '坏' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
        texts = ["好", "坏", "也好"]
        sends = [
            BuyerSend(c.customer_id, f"b{n}", t)
            for n, (c, t) in enumerate(zip(chats, texts, strict=True))
        ]
        state.commits = 0
        results = asyncio.run(self.send_all(state, sends))
        assert isinstance(results[1], IntegrityError)
        assert [r[0].message.text for r in (results[0], results[2])] == ["好", "也好"]
        assert state.commits == 2  # the batch rolled back, then the good two alone
        with state.sessionmaker() as db:
            stored = db.scalars(select(Message.text).where(Message.client_id.like("b%")))
            assert sorted(stored) == sorted(["好", "也好"])

    @pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
    def test_a_loop_closed_under_a_pending_send_does_not_stall_the_next(self, state: State) -> None:
        """A test client's event loop may close mid-send; the next loop still writes."""
        chats = self.sessions(state, 2)
        state.db_slots = asyncio.Semaphore(DB_SLOTS)
        writer = SendWriter(state)
        dead = asyncio.new_event_loop()
        lost = dead.create_task(writer.submit(BuyerSend(chats[0].customer_id, "lost", "在吗")))
        dead.call_soon(dead.stop)
        dead.run_forever()  # one turn: the send waits, its batch never starts
        dead.close()
        assert not lost.done()
        later = BuyerSend(chats[1].customer_id, "later", "有人吗")
        sent, _ = asyncio.run(asyncio.wait_for(writer.submit(later), 10))
        assert sent.created and sent.message.text == "有人吗"

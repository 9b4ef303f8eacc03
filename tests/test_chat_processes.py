"""The chat across server processes on one PostgreSQL and one Redis (issue 18): a buyer
on process A, an agent on process B, while process C, holding other sockets, is killed
(SIGKILL) and started again. Every acked message reaches the other side once and in
order (docs/protocol.md, guarantees 1–3), whichever process holds which socket."""

from __future__ import annotations

import contextlib
import os
import smtplib
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kefu.db import make_engine
from kefu.models import ChatSession, Message
from tests import live
from tests.conftest import POSTGRES_URL, fresh_database_url
from tests.test_chat_protocol import prepared_database

REDIS_URL = os.environ.get("KEFU_TEST_REDIS_URL")
WAIT = 20  # seconds for one frame: three servers share two loaded cores
pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.skipif(
        not (REDIS_URL and POSTGRES_URL),
        reason="KEFU_TEST_POSTGRES_URL and KEFU_TEST_REDIS_URL are not set (.ci/run starts both)",
    ),
]


class Person:
    """One person's view of the chat across reconnections: every message shown to them,
    live or in a resume's history, and their own sends' acks."""

    def __init__(self, client: live.Client) -> None:
        self.client = client
        self.read = 0  # of client.seen
        self.shown: list[dict[str, Any]] = []
        self.acked: dict[str, dict[str, Any]] = {}

    def switch(self, client: live.Client) -> None:
        self.client, self.read = client, 0

    def take(self) -> None:
        for frame in self.client.seen[self.read :]:
            if frame["type"] == "message":
                self.shown.append(frame["message"])
            elif frame["type"] == "history":  # what follows the message resumed from
                start = frame["messages"][0]["seq"] if frame["messages"] else None
                self.shown = [
                    m
                    for m in self.shown
                    if m["session_id"] != frame["session_id"] or start is None or m["seq"] < start
                ]
                self.shown.extend(frame["messages"])
            elif frame["type"] == "ack":
                self.acked[frame["client_id"]] = frame["message"]
        self.read = len(self.client.seen)

    def send(self, client_id: str, text: str, **frame: Any) -> dict[str, Any]:
        self.client.send(type="send", client_id=client_id, text=text, **frame)
        self.client.expect("ack", timeout=WAIT, client_id=client_id)
        self.take()
        return self.acked[client_id]

    def join(self, session_id: str) -> None:
        """An agent opens a chat she was given: the whole of it, then live."""
        self.client.send(type="resume", session_id=session_id, last_seen_id=None)
        self.client.expect("history", timeout=WAIT, session_id=session_id)
        self.take()

    def wait_for(self, client_id: str) -> dict[str, Any]:
        """The message sent with ``client_id`` by the other side, once it is shown."""
        deadline = time.monotonic() + WAIT
        while True:
            self.take()
            for message in self.shown:
                if message["client_id"] == client_id:
                    return message
            assert time.monotonic() < deadline, f"{client_id} never arrived"
            with contextlib.suppress(TimeoutError):
                self.client.expect("message", timeout=0.5)

    def last_seen(self) -> dict[str, Any]:
        self.take()
        return max([*self.shown, *self.acked.values()], key=lambda m: m["seq"])

    def seqs(self, session_id: str) -> list[int]:
        self.take()
        return [m["seq"] for m in self.shown if m["session_id"] == session_id]


def reconnect(person: Person, server: live.Server, token: str, session_id: str) -> None:
    """The buyer page after its socket dropped: a new socket, a resume from the last
    message seen, then its unacked sends again (the caller's)."""
    last = person.last_seen()
    person.switch(live.buyer(server, token))
    person.client.send(type="resume", session_id=session_id, last_seen_id=last["id"])
    history = person.client.expect("history", timeout=WAIT)["messages"]
    assert all(m["seq"] > last["seq"] for m in history), (last, history)
    person.take()


def exchange(buyer: Person, mei: Person, session_id: str, label: str) -> None:
    """The buyer asks, the agent (elsewhere) reads it and answers, the buyer reads that."""
    buyer.send(f"{label}-q", f"问题 {label}")
    mei.wait_for(f"{label}-q")
    mei.send(f"{label}-r", f"回答 {label}", session_id=session_id)
    buyer.wait_for(f"{label}-r")


def assert_once_in_order(person: Person, session_id: str, last_seq: int) -> None:
    """Shown never twice and in order; shown and acked together leave no gap up to
    the session's last message."""
    shown = person.seqs(session_id)
    assert shown == sorted(set(shown)), f"repeated or out of order: {shown}"
    own = {m["seq"] for m in person.acked.values() if m["session_id"] == session_id}
    everything = sorted(set(shown) | own)
    views = [(m["seq"], m["from"], m["client_id"]) for m in person.shown]
    assert everything == list(range(everything[0], last_seq + 1)), (everything, views)


def stored(url: str) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Per client id the rows stored; per session its message seqs."""
    engine = make_engine(url)
    with engine.connect() as db:
        copies = db.execute(
            select(Message.client_id, func.count())
            .where(Message.client_id.is_not(None))
            .group_by(Message.client_id)
        ).all()
        seqs: dict[str, list[int]] = {}
        for session_id, seq in db.execute(
            select(Message.session_id, Message.seq).order_by(Message.session_id, Message.seq)
        ):
            seqs.setdefault(session_id, []).append(seq)
        last = dict(db.execute(select(ChatSession.id, ChatSession.last_seq)).all())
    engine.dispose()
    assert all(seqs[s] == list(range(1, last[s] + 1)) for s in seqs), seqs
    return dict(copies), seqs


def test_buyer_on_a_and_agent_on_b_while_c_is_killed_and_restarted(tmp_path: Path) -> None:
    assert REDIS_URL
    url = prepared_database(tmp_path, fresh_database_url("postgresql", tmp_path))
    env = {"KEFU_REDIS_URL": REDIS_URL}
    with contextlib.ExitStack() as servers:
        a, b, c = (servers.enter_context(live.live_server(url, tmp_path, **env)) for _ in "abc")
        boss = live.login(c, "boss")
        hours = {"value": "00:00-23:59"}
        assert boss.put("/api/v1/shop/settings/working_hours", json=hours).status_code == 204
        cookie = live.login(b, "mei").cookies["kefu_session"]
        mei = Person(live.agent(b, cookie))
        live.agent(c, cookie)  # her second workbench, on the process that dies
        buyer = Person(live.buyer(a, live.new_visitor(a)))
        token = live.new_visitor(c)
        other = Person(live.buyer(c, token))  # a second buyer, on C

        first = buyer.send("open", "在吗")["session_id"]
        mei.join(first)  # given to her when it opened
        second = other.send("c-1", "C 上的买家")["session_id"]
        mei.join(second)
        exchange(buyer, mei, first, "before")

        other.client.send(type="send", client_id="c-2", text="发出后服务器就断了")
        c.kill()  # SIGKILL: c-2 may or may not be stored, and its event may be lost
        exchange(buyer, mei, first, "during")
        reconnect(other, b, token, second)  # the page reconnects, to another process
        again = other.send("c-2", "发出后服务器就断了")  # unacked: resent, same client id
        other.send("c-3", "换到 B 了")
        mei.wait_for("c-3")
        assert mei.wait_for("c-2")["id"] == again["id"]

        c = servers.enter_context(live.live_server(url, tmp_path, **env))  # C again
        watcher = Person(live.agent(c, cookie))
        other.client.close()
        reconnect(other, c, token, second)
        other.send("c-4", "回到 C 了")
        mei.wait_for("c-4")
        mei.send("c-4-r", "收到", session_id=second)
        other.wait_for("c-4-r")
        exchange(buyer, mei, first, "after")
        watcher.wait_for("after-r")

        copies, seqs = stored(url)
        assert set(copies.values()) == {1}, copies  # c-2 too: stored once whatever happened
        assert {"open", "c-1", "c-2", "c-3", "c-4", "c-4-r", "after-r"} <= set(copies)
        for person, session_id in ((buyer, first), (other, second), (mei, first), (mei, second)):
            assert_once_in_order(person, session_id, last_seq=len(seqs[session_id]))
        assert_once_in_order(watcher, first, last_seq=len(seqs[first]))
        buyer_ids = [m["id"] for m in mei.shown if m["from"] == "buyer"]
        views = [(m["session_id"][-6:], m["seq"], m["client_id"], m["text"]) for m in mei.shown]
        assert len(buyer_ids) == len(set(buyer_ids)) == 8, views  # 4 of each buyer's, once each
        replies = [m["client_id"] for m in buyer.shown if m["from"] == "agent"]
        assert replies == ["before-r", "during-r", "after-r"]
        assert [m["client_id"] for m in other.shown if m["from"] == "agent"] == ["c-4-r"]


def test_kefu_serve_with_two_workers_serves_the_chat(tmp_path: Path) -> None:
    """One port, two uvicorn workers: buyers and the agent land on either process; both
    workers also listen for mail on one SMTP port."""
    assert REDIS_URL
    url = prepared_database(tmp_path, fresh_database_url("postgresql", tmp_path))
    smtp_port = live.free_port()
    env = {"KEFU_REDIS_URL": REDIS_URL, "KEFU_SMTP_LISTEN": f"127.0.0.1:{smtp_port}"}
    with live.live_server(url, tmp_path, serve_args=["--workers", "2"], **env) as server:
        boss = live.login(server, "boss")
        hours = {"value": "00:00-23:59"}
        assert boss.put("/api/v1/shop/settings/working_hours", json=hours).status_code == 204
        mei = Person(live.agent(server, live.login(server, "mei").cookies["kefu_session"]))
        buyers = [Person(live.buyer(server, live.new_visitor(server))) for _ in range(4)]
        for n, buyer in enumerate(buyers):
            session_id = buyer.send(f"w{n}", "在吗")["session_id"]
            mei.join(session_id)
            mei.wait_for(f"w{n}")
            mei.send(f"w{n}-r", "在的", session_id=session_id)
            buyer.wait_for(f"w{n}-r")
        for _ in range(4):  # a worker that could not listen would have stopped them all
            with smtplib.SMTP("127.0.0.1", smtp_port, timeout=WAIT) as smtp:
                assert smtp.noop()[0] == 250
        assert server.process.poll() is None

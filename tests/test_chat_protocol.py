"""The chat WebSocket protocol (docs/protocol.md) against a real uvicorn process,
with plain WebSocket clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.models import Message
from kefu.models.team import AgentStatus, Role
from tests import live
from tests.chat_helpers import agent

pytestmark = pytest.mark.slow


def prepared_database(tmp: Path, url: str | None = None) -> str:
    """A migrated shop with its agents: a SQLite file in ``tmp`` unless ``url`` is given."""
    url = url or f"sqlite:///{tmp / 'live.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        agent(db, "mei", max_concurrent=50)
        agent(db, "wang", group="售后组", max_concurrent=50)
        agent(db, "away", status=AgentStatus.away)
        agent(db, "boss", group=None, role=Role.supervisor)
    engine.dispose()
    return url


def message_count(url: str, **where: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        query = select(func.count()).select_from(Message).filter_by(**where)
        count = connection.scalar(query)
    engine.dispose()
    return count or 0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[live.Server, str]]:
    tmp = tmp_path_factory.mktemp("live")
    url = prepared_database(tmp)
    with live.live_server(url, tmp) as server:
        yield server, url


@pytest.fixture(autouse=True)
def shop_open(server: tuple[live.Server, str]) -> None:
    """Working hours 00:00-23:59 so the tests pass at any time of day."""
    http = live.login(server[0], "boss")
    response = http.put("/api/v1/shop/settings/working_hours", json={"value": "00:00-23:59"})
    assert response.status_code == 204, response.text


class TestSendAndAck:
    def test_ack_comes_after_commit_so_a_killed_server_keeps_the_message(
        self, tmp_path: Path
    ) -> None:
        url = prepared_database(tmp_path)
        with live.live_server(url, tmp_path) as server:
            buyer = live.buyer(server, live.new_visitor(server))
            buyer.send(type="send", client_id="kill-1", text="在吗")
            ack = buyer.expect("ack", client_id="kill-1")
            server.kill()  # no graceful shutdown: only what was committed survives
        assert message_count(url, id=ack["message"]["id"], text="在吗") == 1

    def test_the_same_client_id_twice_stores_one_message(
        self, server: tuple[live.Server, str]
    ) -> None:
        srv, url = server
        buyer = live.buyer(srv, live.new_visitor(srv))
        buyer.send(type="send", client_id="dup-1", text="这件有货吗")
        first = buyer.expect("ack", client_id="dup-1")
        buyer.send(type="send", client_id="dup-1", text="这件有货吗")
        second = buyer.expect("ack", client_id="dup-1")
        assert (first["duplicate"], second["duplicate"]) == (False, True)
        assert first["message"]["id"] == second["message"]["id"]
        assert message_count(url, client_id="dup-1") == 1

    def test_text_is_stored_as_text(self, server: tuple[live.Server, str]) -> None:
        srv, _ = server
        buyer = live.buyer(srv, live.new_visitor(srv))
        buyer.send(type="send", client_id="xss-1", text="<img src=x onerror=alert(1)>")
        assert buyer.expect("ack")["message"]["text"] == "<img src=x onerror=alert(1)>"


class TestResume:
    def test_reconnecting_buyer_gets_exactly_what_it_missed_in_order(
        self, server: tuple[live.Server, str]
    ) -> None:
        srv, _ = server
        token = live.new_visitor(srv)
        buyer = live.buyer(srv, token)
        buyer.send(type="send", client_id="r-1", text="你好，我想问下尺码")
        last_seen = buyer.expect("ack")["message"]
        session_id = last_seen["session_id"]
        buyer.expect("message", timeout=5)  # the greeting, then mei's introduction
        buyer.drain()
        last = [f for f in buyer.seen if f["type"] == "message"][-1]["message"]
        assert last["from"] == "system" and "mei" in last["text"]
        buyer.close()

        http = live.login(srv, "mei")
        mei = live.agent(srv, http.cookies["kefu_session"])
        for n in range(3):
            mei.send(
                type="send",
                session_id=session_id,
                client_id=f"agent-r-{n}",
                text=f"第{n + 1}条回复",
            )
            mei.expect("ack", client_id=f"agent-r-{n}")

        again = live.buyer(srv, token)
        again.send(type="resume", session_id=session_id, last_seen_id=last["id"])
        history = again.expect("history")
        assert [m["text"] for m in history["messages"]] == ["第1条回复", "第2条回复", "第3条回复"]
        assert [m["seq"] for m in history["messages"]] == [
            last["seq"] + 1,
            last["seq"] + 2,
            last["seq"] + 3,
        ]
        mei.send(type="send", session_id=session_id, client_id="agent-r-live", text="还在吗")
        live_message = again.expect("message")["message"]
        assert live_message["text"] == "还在吗"
        assert not [f for f in again.drain() if f["type"] == "message"]  # nothing twice

    def test_resume_from_nothing_gives_the_whole_session(
        self, server: tuple[live.Server, str]
    ) -> None:
        srv, _ = server
        token = live.new_visitor(srv)
        buyer = live.buyer(srv, token)
        buyer.send(type="send", client_id="w-1", text="在吗")
        buyer.expect("ack")
        buyer.close()
        again = live.buyer(srv, token)
        again.send(type="resume", last_seen_id=None)
        texts = [m["text"] for m in again.expect("history")["messages"]]
        stored = httpx.get(
            f"{srv.url}/api/v1/chat/my-messages", headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert texts[0] == "在吗" and texts == [m["text"] for m in stored]


class TestIsolation:
    def test_a_buyer_cannot_read_or_post_to_another_buyers_session(
        self, server: tuple[live.Server, str]
    ) -> None:
        srv, url = server
        alice = live.buyer(srv, live.new_visitor(srv))
        alice.send(type="send", client_id="a-1", text="我的地址是杭州市西湖区")
        alice_session = alice.expect("ack")["message"]["session_id"]

        mallory_token = live.new_visitor(srv)
        mallory = live.buyer(srv, mallory_token)
        mallory.send(type="resume", session_id=alice_session, last_seen_id=None)
        assert mallory.expect("error")["code"] == "session_not_found"
        mallory.send(type="send", client_id="m-1", text="hi", session_id=alice_session)
        assert mallory.expect("error", client_id="m-1")["code"] == "session_not_found"
        response = httpx.get(
            f"{srv.url}/api/v1/chat/my-messages",
            params={"session_id": alice_session},
            headers={"Authorization": f"Bearer {mallory_token}"},
        )
        assert response.status_code == 404
        assert message_count(url, session_id=alice_session, sender="buyer") == 1
        assert not [f for f in mallory.drain() if f["type"] == "message"]

    def test_a_forged_token_is_refused(self, server: tuple[live.Server, str]) -> None:
        srv, _ = server
        token = live.new_visitor(srv)
        forged = token[:-4] + ("0000" if not token.endswith("0000") else "1111")
        client = live.Client(f"{srv.ws_url}/ws/buyer?token={forged}")
        assert client.expect("error")["code"] == "bad_buyer_token"

    def test_agent_socket_needs_a_login(self, server: tuple[live.Server, str]) -> None:
        srv, _ = server
        client = live.Client(f"{srv.ws_url}/ws/agent")
        assert client.expect("error")["code"] == "not_authenticated"


class TestBadFrames:
    def test_oversized_and_malformed_frames_get_an_error_and_the_connection_stays_usable(
        self, server: tuple[live.Server, str]
    ) -> None:
        srv, _ = server
        buyer = live.buyer(srv, live.new_visitor(srv))
        buyer.send_raw("x" * 20_000)
        assert buyer.expect("error")["code"] == "frame_too_large"
        buyer.send_raw("{not json")
        assert buyer.expect("error")["code"] == "invalid_frame"
        buyer.send(type="launch_missiles")
        assert buyer.expect("error")["code"] == "invalid_frame"
        buyer.send(type="send", client_id="has space", text="hi")
        assert buyer.expect("error")["code"] == "invalid_frame"
        buyer.send(type="send", client_id="ok-after-errors", text="还能发吗")
        assert buyer.expect("ack")["message"]["text"] == "还能发吗"

    def test_a_binary_frame_gets_an_error_frame_and_the_connection_stays(
        self, server: tuple[live.Server, str]
    ) -> None:
        srv, _ = server
        buyer = live.buyer(srv, live.new_visitor(srv))
        buyer.ws.send(b"\x00\x01binary")
        assert buyer.expect("error")["code"] == "binary_frame"
        buyer.send(type="send", client_id="after-binary", text="还在吗")
        assert buyer.expect("ack")["message"]["text"] == "还在吗"

    def test_a_resend_after_the_session_closed_does_not_store_the_message_twice(
        self, server: tuple[live.Server, str]
    ) -> None:
        srv, url = server
        buyer = live.buyer(srv, live.new_visitor(srv))
        buyer.send(type="send", client_id="resend-1", text="发货了吗")
        first = buyer.expect("ack", client_id="resend-1")
        buyer.send(type="close", session_id=first["message"]["session_id"])
        buyer.drain(0.5)
        buyer.send(type="send", client_id="resend-1", text="发货了吗")
        again = buyer.expect("ack", client_id="resend-1")
        assert again["duplicate"] is True and again["message"]["id"] == first["message"]["id"]
        assert message_count(url, client_id="resend-1") == 1

"""Two uvicorn processes sharing events through a real Redis server (issue "Live chat" §8)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests import live
from tests.test_chat_protocol import prepared_database

REDIS_URL = os.environ.get("KEFU_TEST_REDIS_URL")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.redis,
    pytest.mark.skipif(
        not REDIS_URL, reason="KEFU_TEST_REDIS_URL is not set (.ci/run starts Redis)"
    ),
]


def test_buyer_on_process_a_and_agent_on_process_b_chat_both_ways(tmp_path: Path) -> None:
    assert REDIS_URL
    url = prepared_database(tmp_path)
    with (
        live.live_server(url, tmp_path, KEFU_REDIS_URL=REDIS_URL) as process_a,
        live.live_server(url, tmp_path, KEFU_REDIS_URL=REDIS_URL) as process_b,
    ):
        boss = live.login(process_b, "boss")
        assert (
            boss.put(
                "/api/v1/shop/settings/working_hours", json={"value": "00:00-23:59"}
            ).status_code
            == 204
        )
        buyer = live.buyer(process_a, live.new_visitor(process_a))
        mei_http = live.login(process_b, "mei")
        mei = live.agent(process_b, mei_http.cookies["kefu_session"])

        buyer.send(type="send", client_id="two-1", text="在吗")
        session_id = buyer.expect("ack")["message"]["session_id"]
        assigned = mei.expect("session", timeout=5)["session"]  # published by A, delivered by B
        assert (assigned["id"], assigned["agent_id"]) == (session_id, "mei")
        first = mei_http.get(f"/api/v1/chat/sessions/{session_id}/messages").json()
        assert first[0]["text"] == "在吗"

        buyer.send(type="send", client_id="two-2", text="两台服务器也能聊吗")
        arrived = mei.expect("message", timeout=5)["message"]
        assert (arrived["session_id"], arrived["text"]) == (session_id, "两台服务器也能聊吗")

        mei.send(type="send", session_id=session_id, client_id="two-r1", text="可以的亲，我在B进程")
        mei.expect("ack")
        reply = buyer.expect("message", timeout=5)
        while reply["message"]["from"] != "agent":
            reply = buyer.expect("message", timeout=5)
        assert reply["message"]["text"] == "可以的亲，我在B进程"


def test_an_agent_with_a_socket_on_the_other_process_stays_online(tmp_path: Path) -> None:
    """Presence (chat/presence.py) across processes: each marks the agents it holds as
    seen, so closing her socket on A leaves her 在线 while B still holds one."""
    assert REDIS_URL
    url = prepared_database(tmp_path)
    env = {
        "KEFU_REDIS_URL": REDIS_URL,
        "KEFU_PRESENCE_GRACE_SECONDS": "1",
        "KEFU_PRESENCE_IDLE_SECONDS": "60",
    }
    with (
        live.live_server(url, tmp_path, **env) as process_a,
        live.live_server(url, tmp_path, **env) as process_b,
    ):
        mei_http = live.login(process_a, "mei")
        cookie = mei_http.cookies["kefu_session"]
        on_a, on_b = live.agent(process_a, cookie), live.agent(process_b, cookie)
        on_a.close()
        time.sleep(2.5)  # past the grace period
        assert mei_http.get("/api/v1/auth/me").json()["status"] == "online"
        on_b.close()
        deadline = time.monotonic() + 8
        while mei_http.get("/api/v1/auth/me").json()["status"] != "away":
            assert time.monotonic() < deadline, "still online after her last socket closed"
            time.sleep(0.3)

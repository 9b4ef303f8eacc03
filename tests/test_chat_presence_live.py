"""Presence against a real uvicorn process and plain WebSocket clients (issue 13):
an agent is 在线 while a workbench socket of hers is open; closing it, falling
silent or logging out hands her unanswered buyers on, and they are told.

The server runs with a 1 s grace period and a 3 s idle limit.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from typing import Any

import httpx
import orjson
import pytest
from websockets.exceptions import ConnectionClosed

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.models import Product
from kefu.models.team import AgentStatus, Role
from kefu.shop import service as shop
from tests import live
from tests.chat_helpers import agent

pytestmark = pytest.mark.slow
LEFT = "客服暂时离开，正在为您转接其他客服"
PRESENCE = {"KEFU_PRESENCE_GRACE_SECONDS": "1", "KEFU_PRESENCE_IDLE_SECONDS": "3"}
TEAMS = count(1)


@dataclass
class Shop:
    server: live.Server
    group: str
    mei: str  # 小美, at work
    li: str  # 小李, busy (at work, no new chats) until a test needs her


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[live.Server, str]]:
    """One server for the module (starting one is slow on a busy machine)."""
    tmp = tmp_path_factory.mktemp("presence")
    url = f"sqlite:///{tmp / 'presence.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        agent(db, "boss", group=None, role=Role.supervisor)
        db.add(Product(id="p004", title="加绒连帽卫衣"))
        shop.do_set(db, key="working_hours", value="00:00-24:00")
    engine.dispose()
    with live.live_server(url, tmp, **PRESENCE) as server:
        yield server, url


@pytest.fixture
def team(shared: tuple[live.Server, str]) -> Shop:
    """A group of its own for each test, which buyers' first messages go to, so
    what earlier tests left connected does not matter."""
    server, url = shared
    n = next(TEAMS)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        agent(db, f"mei{n}", group=f"组{n}").name = "小美"
        agent(db, f"li{n}", group=f"组{n}", status=AgentStatus.busy).name = "小李"
        shop.do_set(db, key="presale_group", value=f"组{n}")
        shop.do_set(db, key="assign_reply_seconds", value=60)
    engine.dispose()
    return Shop(server, f"组{n}", f"mei{n}", f"li{n}")


def workbench(server: live.Server, login: str) -> tuple[httpx.Client, live.Client]:
    http = live.login(server, login)
    return http, live.agent(server, http.cookies["kefu_session"])


def buyer_asks(server: live.Server, text: str = "在吗", **extra: Any) -> tuple[live.Client, str]:
    buyer = live.buyer(server, live.new_visitor(server))
    buyer.send(type="send", client_id="first", text=text, **extra)
    return buyer, buyer.expect("ack")["message"]["session_id"]


def wait_for_text(client: live.Client, text: str, timeout: float = 8) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        message = client.expect("message", timeout=deadline - time.monotonic())["message"]
        if message["text"] == text:
            return message


def assigned_to(client: live.Client, session_id: str, agent_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 8
    while True:
        session = client.expect("session", timeout=deadline - time.monotonic())["session"]
        if (session["id"], session["agent_id"]) == (session_id, agent_id):
            return session


@contextlib.contextmanager
def pinging(client: live.Client) -> Iterator[None]:
    """Keep a workbench socket from falling idle while the test waits elsewhere."""
    stop = threading.Event()

    def ping() -> None:
        while not stop.wait(0.5):
            client.send(type="ping")

    thread = threading.Thread(target=ping, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def status_of(http: httpx.Client) -> str:
    return http.get("/api/v1/auth/me").json()["status"]


def close_code(client: live.Client, timeout: float = 8) -> int | None:
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            client.ws.recv(timeout=deadline - time.monotonic())
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None
    except TimeoutError:
        pass
    return None


class TestClosingTheWorkbench:
    def test_her_unanswered_buyer_goes_to_a_colleague_and_is_told(self, team: Shop) -> None:
        mei_http, mei = workbench(team.server, team.mei)
        buyer, session_id = buyer_asks(team.server)
        wait_for_text(buyer, "您好，我是售前客服小美，很高兴为您服务～")
        li_http, li = workbench(team.server, team.li)
        assert li_http.put("/api/v1/chat/status", json={"status": "online"}).status_code == 204
        with pinging(li):
            mei.close()
            wait_for_text(buyer, LEFT)
            wait_for_text(buyer, "您好，我是售前客服小李，很高兴为您服务～")
            assert assigned_to(li, session_id, team.li)["status"] == "assigned"
        assert status_of(mei_http) == "away"
        again = live.agent(team.server, mei_http.cookies["kefu_session"])
        assert again.seen[-1] == {"type": "welcome", "agent_id": team.mei, "status": "online"}

    def test_a_reload_within_the_grace_period_changes_nothing(self, team: Shop) -> None:
        mei_http, mei = workbench(team.server, team.mei)
        buyer, _ = buyer_asks(team.server)
        wait_for_text(buyer, "您好，我是售前客服小美，很高兴为您服务～")
        mei.close()
        reloaded = live.agent(team.server, mei_http.cookies["kefu_session"])
        time.sleep(1.8)  # past the grace period
        reloaded.send(type="ping")
        reloaded.expect("pong")
        assert status_of(mei_http) == "online"
        assert LEFT not in [f["message"]["text"] for f in buyer.drain() if f["type"] == "message"]

    def test_a_login_that_never_opens_the_workbench_gets_no_chats(self, team: Shop) -> None:
        _, mei = workbench(team.server, team.mei)  # the loop looks for the absent meanwhile
        li_http = live.login(team.server, team.li)
        assert li_http.put("/api/v1/chat/status", json={"status": "online"}).status_code == 204
        deadline = time.monotonic() + 10
        while status_of(li_http) != "away" and time.monotonic() < deadline:
            mei.send(type="ping")  # not idle
            mei.expect("pong")
            time.sleep(0.5)
        assert status_of(li_http) == "away"


class TestLogout:
    def test_logging_out_closes_her_sockets_and_hands_her_buyer_on(self, team: Shop) -> None:
        mei_http, mei = workbench(team.server, team.mei)
        buyer, session_id = buyer_asks(team.server)
        wait_for_text(buyer, "您好，我是售前客服小美，很高兴为您服务～")
        assert mei_http.post("/api/v1/auth/logout").status_code == 204
        assert close_code(mei) == 4401
        wait_for_text(buyer, LEFT)
        boss = live.login(team.server, "boss")
        agents = {a["id"]: a["status"] for a in boss.get("/api/v1/agents").json()["items"]}
        assert agents[team.mei] == "offline"
        queued = boss.get(
            "/api/v1/chat/conversations", params={"view": "queued", "group_id": team.group}
        ).json()["items"]
        assert [item["id"] for item in queued] == [session_id]  # 小李 is busy: it waits for her

    def test_logging_out_of_one_window_leaves_her_other_login_alone(self, team: Shop) -> None:
        first_http, first = workbench(team.server, team.mei)
        second_http, second = workbench(team.server, team.mei)
        assert first_http.post("/api/v1/auth/logout").status_code == 204
        assert close_code(first) == 4401
        second.send(type="ping")
        second.expect("pong")
        assert not [f for f in second.seen if f["type"] == "logged_out"]
        assert status_of(second_http) == "online"


class TestSessionsEndWithTheAccount:
    """A logout, a password reset or disabling the agent closes her sockets within a second."""

    def closes_within_a_second(self, client: live.Client) -> list[dict[str, Any]]:
        """The frames the socket got until it closed, within a second, after ``logged_out``."""
        started, frames = time.monotonic(), []
        with pytest.raises(ConnectionClosed) as closed:
            while time.monotonic() - started < 3:
                frames.append(orjson.loads(client.ws.recv(timeout=3)))
        assert time.monotonic() - started < 1.0
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
        assert frames[-1] == {"type": "logged_out"}
        return frames

    def test_logout_closes_her_socket_within_a_second(self, team: Shop) -> None:
        mei_http, mei = workbench(team.server, team.mei)
        assert mei_http.post("/api/v1/auth/logout").status_code == 204
        self.closes_within_a_second(mei)

    def test_password_reset_closes_all_her_sockets(self, team: Shop) -> None:
        _, first = workbench(team.server, team.mei)
        _, second = workbench(team.server, team.mei)
        boss = live.login(team.server, "boss")
        reset = boss.post(
            f"/api/v1/agents/{team.mei}/reset-password", json={"password": "n3w-secret-pass"}
        )
        assert reset.status_code == 200
        self.closes_within_a_second(first)
        assert close_code(second, timeout=1) == 4401

    def test_disabling_the_agent_closes_her_sockets(self, team: Shop) -> None:
        _, mei = workbench(team.server, team.mei)
        boss = live.login(team.server, "boss")
        assert boss.patch(f"/api/v1/agents/{team.mei}", json={"active": False}).status_code == 200
        self.closes_within_a_second(mei)

    def test_socket_never_keeps_working_after_logout(self, team: Shop) -> None:
        mei_http, mei = workbench(team.server, team.mei)
        buyer, session_id = buyer_asks(team.server)
        wait_for_text(buyer, "您好，我是售前客服小美，很高兴为您服务～")
        assert mei_http.post("/api/v1/auth/logout").status_code == 204
        with contextlib.suppress(ConnectionClosed):
            mei.send(type="send", session_id=session_id, client_id="late", text="还在吗")
        assert not [f for f in self.closes_within_a_second(mei) if f["type"] == "ack"]
        texts = [f["message"]["text"] for f in buyer.drain(1.0) if f["type"] == "message"]
        assert "还在吗" not in texts


class TestIdleAndUnanswered:
    def test_a_silent_socket_is_closed_and_a_pinging_one_stays(self, team: Shop) -> None:
        mei_http, silent = workbench(team.server, team.mei)
        pinging = live.agent(team.server, mei_http.cookies["kefu_session"])
        started = time.monotonic()
        code = None
        while code is None and time.monotonic() - started < 8:
            pinging.send(type="ping")
            pinging.expect("pong")
            code = close_code(silent, timeout=1)
        assert code == 4408
        assert status_of(mei_http) == "online"  # her other socket still shows her there

    def test_a_chat_nobody_answers_goes_to_a_free_colleague(self, team: Shop) -> None:
        boss = live.login(team.server, "boss")
        setting = "/api/v1/shop/settings/assign_reply_seconds"
        assert boss.put(setting, json={"value": 1}).status_code == 204
        _, mei = workbench(team.server, team.mei)
        with pinging(mei):  # she is there, she just does not answer
            buyer, session_id = buyer_asks(team.server)
            li_http, li = workbench(team.server, team.li)
            li_http.put("/api/v1/chat/status", json={"status": "online"})
            wait_for_text(buyer, "当前客服暂时未能回复，正在为您转接其他客服")
            wait_for_text(buyer, "您好，我是售前客服小李，很高兴为您服务～")
            assigned_to(li, session_id, team.li)


class TestSendLimitsAndProduct:
    def test_too_long_or_empty_text_is_refused_in_chinese(self, team: Shop) -> None:
        buyer = live.buyer(team.server, live.new_visitor(team.server))
        buyer.send(type="send", client_id="long", text="好" * 2001)
        assert buyer.expect("error", client_id="long")["reason"] == "消息不能超过 2000 字"
        buyer.send(type="send", client_id="none")
        assert buyer.expect("error", client_id="none")["reason"] == "消息不能为空"
        buyer.send(type="send", client_id="bad id!", text="在吗")
        assert buyer.expect("error")["reason"] == "client_id：格式不正确"
        _, mei = workbench(team.server, team.mei)
        mei.send(type="send", session_id="s1", client_id="a1", text="好" * 2001)
        assert mei.expect("error", client_id="a1")["reason"] == "消息不能超过 2000 字"

    def test_the_product_page_reaches_the_agent(self, team: Shop) -> None:
        _, mei = workbench(team.server, team.mei)
        _, session_id = buyer_asks(team.server, "这件有L码吗", product_id="p004")
        session = assigned_to(mei, session_id, team.mei)
        assert (session["product_id"], session["product_title"]) == ("p004", "加绒连帽卫衣")

"""Playing a plan (kefu.replay.plan) against a running server: every session a widget
visitor on /ws/buyer sending its messages at their (sped-up) moments, every agent on
/ws/agent answering what reaches her with the reply the log has. Counts every message
both ways and fails on any one lost or duplicated (docs/protocol.md, guarantees 1–3)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import websockets

from kefu.replay.plan import Plan, PlannedSession

ACK_TIMEOUT = 30.0  # seconds a send may wait for its ack before it counts as unacked
SETTLE_TIMEOUT = 60.0  # seconds a session waits for its messages to arrive before closing
PING_EVERY = 20.0  # agents ping so the server does not close their sockets as idle


@dataclass
class Tally:
    """Every message of the run by its client_id (buyers' and agents' replies apart)."""

    sent: dict[str, float] = field(default_factory=dict)  # → perf_counter() at send
    acked: dict[str, str] = field(default_factory=dict)  # → stored message id
    delivered: dict[str, float] = field(default_factory=dict)  # → seconds to an agent
    bot_answered: set[str] = field(default_factory=set)
    openings: set[str] = field(default_factory=set)  # first messages: they open a chat
    # Sent while a person already served the chat (as the buyer last heard): the server's
    # own latency. The others wait for the bot's hand-off or the queue, at the log's pace.
    to_a_person: set[str] = field(default_factory=set)
    replies_sent: set[str] = field(default_factory=set)
    replies_acked: set[str] = field(default_factory=set)
    replies_delivered: set[str] = field(default_factory=set)
    duplicates: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def lost(self) -> list[str]:
        """Acked buyer messages no agent got (and the bot did not answer), and acked
        replies their buyer never got."""
        buyers = [c for c in self.acked if c not in self.delivered and c not in self.bot_answered]
        return buyers + sorted(self.replies_acked - self.replies_delivered)

    @property
    def unacked(self) -> list[str]:
        return sorted(set(self.sent) - set(self.acked)) + sorted(
            self.replies_sent - self.replies_acked
        )


@dataclass
class Buyer:
    session: PlannedSession
    acks: dict[str, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    session_id: str | None = None
    status: str | None = None  # the session's, as the buyer last heard
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    seen: set[str] = field(default_factory=set)
    sent: list[str] = field(default_factory=list)  # her client ids, in order

    def note_session(self, chat: dict[str, Any]) -> None:
        self.status = chat["status"]
        if chat["status"] == "closed":
            self.closed.set()


class Replay:
    def __init__(
        self, *, url: str, plan: Plan, speed: float, agents: list[tuple[str, str]], run: str
    ) -> None:
        self.url, self.ws_url = url.rstrip("/"), url.rstrip("/").replace("http", "ws", 1)
        self.plan, self.speed, self.agents, self.run_id = plan, speed, agents, run
        self.tally = Tally()
        self.replies: dict[str, str | None] = {}  # buyer client_id → the agent's reply
        self.started = 0.0

    async def play(self) -> Tally:
        async with httpx.AsyncClient(base_url=self.url, timeout=30) as http:
            readies = [asyncio.Event() for _ in self.agents]
            agents = [
                asyncio.create_task(self.agent(http, login, password, ready))
                for (login, password), ready in zip(self.agents, readies, strict=True)
            ]
            try:
                await self.connected(agents, readies)
                self.started = time.perf_counter()
                await asyncio.gather(*(self.buyer(http, s) for s in self.plan.sessions))
            finally:
                for task in agents:
                    task.cancel()
                await asyncio.gather(*agents, return_exceptions=True)
        return self.tally

    async def connected(
        self, agents: list[asyncio.Task[None]], readies: list[asyncio.Event]
    ) -> None:
        """Every agent at her desk before the first buyer; one who cannot log in stops it."""
        ready = asyncio.ensure_future(asyncio.gather(*(r.wait() for r in readies)))
        done, _pending = await asyncio.wait(
            [*agents, ready], timeout=60, return_when=asyncio.FIRST_COMPLETED
        )
        if ready not in done:
            ready.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ready
            for task in done:
                task.result()  # raises why she could not connect
            raise RuntimeError("客服 60 秒内没有连上服务器")

    async def until(self, at: float) -> None:
        delay = self.started + at / self.speed - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)

    def client_id(self, line_id: str) -> str:
        return f"rp{self.run_id}-{line_id}"[:64]

    async def visitor(self, http: httpx.AsyncClient) -> str:
        """A new widget visitor's token; waits out the server's per-address limit."""
        while True:
            response = await http.post("/api/v1/chat/visitor")
            if response.status_code != 429:
                response.raise_for_status()
                return response.json()["token"]
            await asyncio.sleep(float(response.headers.get("Retry-After", "1")))

    async def buyer(self, http: httpx.AsyncClient, planned: PlannedSession) -> None:
        await self.until(planned.messages[0].at)
        token = await self.visitor(http)
        state = Buyer(planned)
        async with websockets.connect(
            f"{self.ws_url}/ws/buyer?token={token}", open_timeout=60
        ) as ws:
            await ws.recv()  # welcome
            reader = asyncio.create_task(self.buyer_reads(ws, state))
            try:
                self.tally.openings.add(self.client_id(planned.messages[0].id))
                for line in planned.messages:
                    await self.until(line.at)
                    await self.buyer_send(ws, state, line.id, line.text, line.reply)
                await self.until(planned.closes_at)
                await self.settle(state)
                if state.session_id is not None:
                    frame = {"type": "close", "session_id": state.session_id}
                    await ws.send(orjson.dumps(frame).decode())
                    await asyncio.wait_for(state.closed.wait(), ACK_TIMEOUT)
            finally:
                reader.cancel()

    async def buyer_send(
        self, ws: Any, state: Buyer, line_id: str, text: str, reply: str | None
    ) -> None:
        client_id = self.client_id(line_id)
        self.replies[client_id] = reply
        state.acks[client_id] = asyncio.get_running_loop().create_future()
        self.tally.sent[client_id] = time.perf_counter()
        state.sent.append(client_id)
        if state.status == "assigned":
            self.tally.to_a_person.add(client_id)
        await ws.send(orjson.dumps({"type": "send", "client_id": client_id, "text": text}).decode())
        try:
            ack = await asyncio.wait_for(state.acks[client_id], ACK_TIMEOUT)
        except TimeoutError:
            return
        if ack.get("type") == "ack":
            state.session_id = ack["message"]["session_id"]

    async def buyer_reads(self, ws: Any, state: Buyer) -> None:
        async for raw in ws:
            frame = orjson.loads(raw)
            kind = frame["type"]
            if kind == "ack":
                self.on_ack(frame, self.tally.acked, state.acks)
            elif kind == "error":
                self.tally.refused.append(f"{frame.get('client_id')}: {frame.get('reason')}")
                future = state.acks.get(frame.get("client_id", ""))
                if future is not None and not future.done():
                    future.set_result(frame)
            elif kind == "message":
                self.buyer_got(frame["message"], state)
            elif kind == "session" and frame["session"]["id"] == state.session_id:
                state.note_session(frame["session"])

    def on_ack(self, frame: dict[str, Any], acked: dict[str, str], futures: dict[str, Any]) -> None:
        client_id = frame["client_id"]
        if frame.get("duplicate"):
            self.tally.duplicates.append(f"ack of a resend nobody made: {client_id}")
        acked[client_id] = frame["message"]["id"]
        future = futures.get(client_id)
        if future is not None and not future.done():
            future.set_result(frame)

    def buyer_got(self, message: dict[str, Any], state: Buyer) -> None:
        if message["id"] in state.seen:
            self.tally.duplicates.append(f"buyer got message {message['id']} twice")
            return
        state.seen.add(message["id"])
        if message["from"] == "bot":  # it answered what she had sent and no agent has
            delivered = self.tally.delivered
            self.tally.bot_answered.update(c for c in state.sent if c not in delivered)
        if message["from"] == "agent" and message.get("client_id") in self.tally.replies_sent:
            self.tally.replies_delivered.add(message["client_id"])

    async def settle(self, state: Buyer) -> None:
        """Wait until this buyer's messages reached an agent (or the bot keeps the chat)
        and the agents' replies came back; what the bot kept counts as answered."""
        mine = [self.client_id(line.id) for line in state.session.messages]
        tally = self.tally
        waiting = [c for c in mine if c in tally.acked and c not in tally.delivered]
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while time.monotonic() < deadline:
            waiting = [c for c in mine if c in tally.acked and c not in tally.delivered]
            unanswered = [
                c for c in mine if self.replies.get(c) and f"{c}-r" not in tally.replies_delivered
            ]
            if state.status == "bot" or not (waiting or unanswered):
                break
            await asyncio.sleep(0.05)
        if state.status == "bot":
            tally.bot_answered.update(waiting)

    async def agent(
        self, http: httpx.AsyncClient, login: str, password: str, ready: asyncio.Event
    ) -> None:
        response = await http.post(
            "/api/v1/auth/login", json={"login": login, "password": password}
        )
        if response.status_code != 200:
            raise RuntimeError(f"客服 {login} 登录失败：{response.text}")
        headers = {"Cookie": f"kefu_session={response.cookies['kefu_session']}"}
        async with websockets.connect(f"{self.ws_url}/ws/agent", additional_headers=headers) as ws:
            me = orjson.loads(await ws.recv())["agent_id"]
            ready.set()
            pinger = asyncio.create_task(self.ping(ws))
            desk = Desk(me)
            try:
                async for raw in ws:
                    await self.agent_reads(ws, desk, orjson.loads(raw))
            finally:
                pinger.cancel()

    async def ping(self, ws: Any) -> None:
        while True:
            await asyncio.sleep(PING_EVERY)
            await ws.send('{"type":"ping"}')

    async def agent_reads(self, ws: Any, desk: Desk, frame: dict[str, Any]) -> None:
        kind = frame["type"]
        if kind == "session":
            chat = frame["session"]
            mine = chat["agent_id"] == desk.me and chat["status"] == "assigned"
            if mine and chat["id"] not in desk.resumed:  # as the workbench: catch up once
                desk.resumed.add(chat["id"])
                resume = {"type": "resume", "session_id": chat["id"], "last_seen_id": None}
                await ws.send(orjson.dumps(resume).decode())
        elif kind == "message":
            await self.agent_got(ws, desk, frame["message"], live=True)
        elif kind == "history":  # the whole chat: what came live already is no duplicate
            for message in frame["messages"]:
                await self.agent_got(ws, desk, message, live=False)
        elif kind == "ack":
            self.on_ack(frame, desk.acked, {})
            self.tally.replies_acked.add(frame["client_id"])
        elif kind == "error" and frame.get("client_id"):
            self.tally.refused.append(f"{frame['client_id']}: {frame.get('reason')}")

    async def agent_got(self, ws: Any, desk: Desk, message: dict[str, Any], *, live: bool) -> None:
        if message["id"] in desk.seen:
            if live:  # guarantee 3: a live event is never sent twice
                self.tally.duplicates.append(f"{desk.me} got message {message['id']} twice")
            return
        desk.seen.add(message["id"])
        client_id = message.get("client_id")
        if message["from"] != "buyer" or client_id not in self.tally.sent:
            return
        if client_id not in self.tally.delivered:
            self.tally.delivered[client_id] = time.perf_counter() - self.tally.sent[client_id]
        reply = self.replies.get(client_id)
        reply_id = f"{client_id}-r"
        if reply and reply_id not in self.tally.replies_sent:
            self.tally.replies_sent.add(reply_id)
            frame = {
                "type": "send",
                "session_id": message["session_id"],
                "client_id": reply_id,
                "text": reply,
            }
            await ws.send(orjson.dumps(frame).decode())


@dataclass
class Desk:
    """One agent's socket: the messages it has had, the chats it caught up on."""

    me: str
    seen: set[str] = field(default_factory=set)
    resumed: set[str] = field(default_factory=set)
    acked: dict[str, str] = field(default_factory=dict)

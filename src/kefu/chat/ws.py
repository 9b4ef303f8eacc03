"""The chat WebSockets (docs/protocol.md).

Every state change runs as a job: its own database session, committed before
the ``ack`` goes out, its events published after. Sends, the bulk of the
traffic, share their transactions through the group commit of chat/writer.py.
Each connection remembers the last ``seq`` it delivered per session, so a
message reaches it exactly once and in order: duplicates are dropped and a gap
is filled from the database first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import orjson
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from kefu import db as edge
from kefu.chat import service
from kefu.chat.buyer_auth import check_buyer_token
from kefu.chat.events import dump
from kefu.chat.schemas import (
    MessageOut,
    RateFrame,
    ResumeFrame,
    SendFrame,
    SessionFrame,
    SessionOut,
)
from kefu.chat.sends import AgentSend, BuyerSend
from kefu.chat.writer import SendWriter
from kefu.kit import outbox
from kefu.kit.errors import Forbidden, KefuError, NotAuthenticated
from kefu.kit.validation import describe
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES, Role
from kefu.realtime import QUEUE_LIMIT
from kefu.team import service as team_service

router = APIRouter()
log = logging.getLogger(__name__)
MAX_FRAME = 16 * 1024
T = TypeVar("T")


class Connection:
    def __init__(self, websocket: WebSocket) -> None:
        self.ws = websocket
        self.app = websocket.app
        self.hub = self.app.state.broker.hub
        self.writer: SendWriter = self.app.state.send_writer
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=QUEUE_LIMIT)
        self.channels: set[str] = set()
        self.delivered: dict[str, int] = {}
        self.lock = asyncio.Lock()
        self.hold_until_synced = False
        self.held: dict[str, list[dict[str, Any]]] = {}
        self.handlers: dict[str, Callable[[dict[str, Any]], Awaitable[None]]] = {}
        self.last_active = time.monotonic()

    async def job(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in its own transaction, publish its events; return its result."""
        return await edge.run(self.app.state, work)

    async def publish(self, events: list[outbox.Event]) -> None:
        await self.app.state.broker.publish(events)

    def subscribe(self, channel: str) -> None:
        if channel not in self.channels:
            self.hub.subscribe(channel, self.queue)
            self.channels.add(channel)

    async def send(self, frame: dict[str, Any]) -> None:
        async with self.lock:
            await self._send(frame)

    async def _send(self, frame: dict[str, Any]) -> None:
        """Send a frame; the caller holds ``self.lock``."""
        await self.ws.send_text(orjson.dumps(frame).decode())

    async def error(self, code: str, reason: str, **extra: Any) -> None:
        await self.send({"type": "error", "code": code, "reason": reason, **extra})

    async def serve(self) -> None:
        pump = asyncio.create_task(self._pump())
        try:
            await self._read()
        except WebSocketDisconnect:
            pass
        finally:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump
            for channel in self.channels:
                self.hub.unsubscribe(channel, self.queue)

    async def _read(self) -> None:
        while True:
            message = await self.ws.receive()
            if message["type"] == "websocket.disconnect":
                raise WebSocketDisconnect(message.get("code", 1000))
            self.last_active = time.monotonic()
            raw = message.get("text")
            if raw is None:  # a binary frame: the protocol is JSON text
                await self.error("binary_frame", "只接受文本消息帧（JSON）")
                continue
            if len(raw) > MAX_FRAME:
                await self.error("frame_too_large", f"帧不能超过 {MAX_FRAME} 字节")
                continue
            try:
                frame = orjson.loads(raw)
                kind = frame["type"]
                handler = self.handlers[kind]
            except (orjson.JSONDecodeError, TypeError, KeyError):
                await self.error("invalid_frame", "无法识别的消息帧")
                continue
            try:
                await handler(frame)
            except ValidationError as exc:
                reason = describe(exc.errors(include_url=False)[0])
                await self.error("invalid_frame", reason, client_id=frame.get("client_id"))
            except KefuError as exc:
                await self.error(exc.code, exc.reason, client_id=frame.get("client_id"))
                if isinstance(exc, NotAuthenticated):  # the login ended meanwhile
                    await self.ws.close(code=4401)
                    return
            except Exception:  # a bug must not cost the buyer the connection
                log.exception("chat frame %r failed", kind)
                await self.error(
                    "internal_error", "服务器内部错误，请稍后重试", client_id=frame.get("client_id")
                )

    async def _pump(self) -> None:
        while True:
            event = await self.queue.get()
            await self.on_event(event)

    async def on_event(self, event: dict[str, Any]) -> None:
        if event["type"] == "message":
            async with self.lock:
                await self._deliver(event["message"])
            return
        await self.send(event)

    async def _deliver(self, message: dict[str, Any]) -> None:
        """Send one message event, first filling any gap since the last one sent (lock held).

        A buyer connection holds events of a session it has not synced yet (by a
        ``resume`` or its own first ``send``), so a resume never skips anything.
        """
        session_id, seq = message["session_id"], message["seq"]
        last = self.delivered.get(session_id)
        if last is None and self.hold_until_synced:
            self.held.setdefault(session_id, []).append(message)
            return
        if last is not None and seq is not None:
            if seq <= last:
                return
            if seq > last + 1:
                for missed in await self._messages_after(session_id, last):
                    if missed.seq is not None and missed.seq < seq:
                        await self._send({"type": "message", "message": dump(missed)})
        await self._send({"type": "message", "message": message})
        if seq is not None:
            self.delivered[session_id] = seq

    async def _messages_after(self, session_id: str, after_seq: int) -> list[MessageOut]:
        def work(db: Session) -> list[MessageOut]:
            chat_session = service.check_agent_session(db, session_id=session_id)
            return [
                m
                for m in service.missed_messages(db, chat_session=chat_session, last_seen_id=None)
                if (m.seq or 0) > after_seq
            ]

        return await self.job(work)

    async def send_history(
        self, session_id: str, messages: list[MessageOut], last_seen_seq: int
    ) -> None:
        """Answer a resume: exactly the messages after the last one seen, in order,
        then whatever arrived live meanwhile."""
        async with self.lock:
            fresh = [m for m in messages if (m.seq or 0) > last_seen_seq]
            await self._send(
                {"type": "history", "session_id": session_id, "messages": [dump(m) for m in fresh]}
            )
            seqs = [m.seq for m in fresh if m.seq is not None]
            self.delivered[session_id] = max([last_seen_seq, *seqs])
            for message in self.held.pop(session_id, []):
                await self._deliver(message)

    async def acknowledge(
        self, client_id: str, sent: service.Sent, events: list[outbox.Event]
    ) -> None:
        """Ack a committed send, then publish what it caused."""
        async with self.lock:
            await self.note_own(sent.message)
        frame = {"type": "ack", "client_id": client_id, "duplicate": not sent.created}
        await self.send({**frame, "message": dump(sent.message)})
        await self.publish(events)

    async def note_own(self, message: MessageOut) -> None:
        """The sender saw its message in the ack; skip the echo if nothing came between.

        Called with the lock held.
        """
        last = self.delivered.get(message.session_id)
        if last is None and not self.hold_until_synced:
            return
        if last is None:  # the connection's first message there: it is synced from here
            self.delivered[message.session_id] = last = 0
            for held in self.held.pop(message.session_id, []):
                await self._deliver(held)
        if message.seq is not None and last == message.seq - 1:
            self.delivered[message.session_id] = message.seq


async def _refuse(websocket: WebSocket, exc: KefuError, code: int) -> None:
    await websocket.accept()
    await websocket.send_text(orjson.dumps({"type": "error", **exc.as_dict()}).decode())
    await websocket.close(code=code)


@router.websocket("/ws/buyer")
async def buyer_socket(websocket: WebSocket) -> None:
    try:
        customer_id = check_buyer_token(websocket.query_params.get("token"))
    except KefuError as exc:
        await _refuse(websocket, exc, 4401)
        return
    await websocket.accept()
    connection = BuyerConnection(websocket, customer_id)
    await connection.start()
    await connection.serve()


class BuyerConnection(Connection):
    def __init__(self, websocket: WebSocket, customer_id: str) -> None:
        super().__init__(websocket)
        self.customer_id = customer_id
        self.hold_until_synced = True
        self.handlers = {
            "send": self.on_send,
            "typing": self.on_typing,
            "resume": self.on_resume,
            "rate": self.on_rate,
            "close": self.on_close,
        }

    async def start(self) -> None:
        self.subscribe(f"buyer:{self.customer_id}")

        def work(db: Session) -> SessionOut | None:
            return service.buyer_session(db, customer_id=self.customer_id)

        live = await self.job(work)
        if live is not None:
            self.subscribe(f"session:{live.id}")
        session = None if live is None else dump(live)
        await self.send({"type": "welcome", "customer_id": self.customer_id, "session": session})

    async def on_event(self, event: dict[str, Any]) -> None:
        if event["type"] == "session" and event["session"]["customer_id"] == self.customer_id:
            self.subscribe(f"session:{event['session']['id']}")
        await super().on_event(event)

    async def on_send(self, frame: dict[str, Any]) -> None:
        send = SendFrame.model_validate(frame)
        sent, events = await self.writer.submit(
            BuyerSend(
                customer_id=self.customer_id,
                client_id=send.client_id,
                text=send.text,
                session_id=send.session_id,
                product_id=send.product_id,
            )
        )
        self.subscribe(f"session:{sent.session_id}")
        await self.acknowledge(send.client_id, sent, events)

    async def on_typing(self, frame: dict[str, Any]) -> None:
        session_id = frame.get("session_id")
        if isinstance(session_id, str) and f"session:{session_id}" in self.channels:
            await self.publish(
                [
                    (
                        f"session:{session_id}",
                        {"type": "typing", "session_id": session_id, "from": "buyer"},
                    )
                ]
            )

    async def on_resume(self, frame: dict[str, Any]) -> None:
        resume = ResumeFrame.model_validate(frame)

        def work(db: Session) -> tuple[str | None, list[MessageOut], int]:
            if resume.session_id:
                chat_session = service.check_buyer_session(
                    db, session_id=resume.session_id, customer_id=self.customer_id
                )
            else:
                chat_session = service.live_session(db, customer_id=self.customer_id)
            if chat_session is None:
                return None, [], 0
            messages = service.missed_messages(
                db, chat_session=chat_session, last_seen_id=resume.last_seen_id
            )
            seen = service.seq_of(db, message_id=resume.last_seen_id)
            return chat_session.id, messages, seen

        session_id, messages, seen = await self.job(work)
        if session_id is None:
            await self.send({"type": "history", "session_id": None, "messages": []})
            return
        self.subscribe(f"session:{session_id}")
        await self.send_history(session_id, messages, seen)

    async def on_rate(self, frame: dict[str, Any]) -> None:
        rate = RateFrame.model_validate(frame)

        def work(db: Session) -> None:
            chat_session = service.check_buyer_session(
                db, session_id=rate.session_id, customer_id=self.customer_id
            )
            service.do_rate(db, chat_session=chat_session, score=rate.score, comment=rate.comment)

        await self.job(work)
        await self.send({"type": "rated", "session_id": rate.session_id, "score": rate.score})

    async def on_close(self, frame: dict[str, Any]) -> None:
        session_id = str(frame.get("session_id", ""))

        def work(db: Session) -> None:
            chat_session = service.check_buyer_session(
                db, session_id=session_id, customer_id=self.customer_id
            )
            service.do_close(db, chat_session=chat_session)

        await self.job(work)


@router.websocket("/ws/agent")
async def agent_socket(websocket: WebSocket) -> None:
    try:
        _check_origin(websocket)
        async with websocket.app.state.db_slots:
            agent, login = await run_in_threadpool(_agent_for, websocket)
    except KefuError as exc:
        await _refuse(websocket, exc, 4401 if isinstance(exc, NotAuthenticated) else 4403)
        return
    await websocket.accept()
    connection = AgentConnection(websocket, agent, login)
    connection.subscribe(f"agent:{agent.id}")
    if agent.role == Role.supervisor:
        connection.subscribe("supervisors")
    await connection.serve()


def _check_origin(websocket: WebSocket) -> None:
    """Browsers send cookies with cross-site WebSockets too; only our own pages may connect."""
    origin = websocket.headers.get("origin")
    if origin and origin.split("://", 1)[-1] != websocket.headers.get("host"):
        raise Forbidden("不允许的来源", code="bad_origin")


def _agent_for(websocket: WebSocket) -> tuple[Agent, str]:
    """The agent and her login (its token hash: a logout closes its sockets)."""
    with websocket.app.state.sessionmaker() as db:
        login = team_service.check_login_token(db, token=websocket.cookies.get("kefu_session"))
        agent = login.agent
        if Role(agent.role) not in SERVICE_ROLES:
            raise Forbidden("您的角色无权接待会话", code="role_forbidden")
        db.expunge(agent)
        return agent, login.token_hash


class AgentConnection(Connection):
    """A workbench socket; chat/sockets.py counts it for her presence."""

    def __init__(self, websocket: WebSocket, agent: Agent, login: str) -> None:
        super().__init__(websocket)
        self.agent, self.agent_id, self.login = agent, agent.id, login
        self.sockets = self.app.state.agent_sockets
        self.handlers = {
            "send": self.on_send,
            "typing": self.on_typing,
            "resume": self.on_resume,
            "watch": self.on_watch,
            "read": self.on_read,
            "ping": self.on_ping,
        }

    async def serve(self) -> None:
        try:
            status = await self.sockets.opened(self)
            await self.send({"type": "welcome", "agent_id": self.agent_id, "status": status})
            await super().serve()
        finally:
            self.sockets.closed(self)

    async def close(self, code: int) -> None:
        await self.ws.close(code=code)

    async def on_event(self, event: dict[str, Any]) -> None:
        if event["type"] != "logged_out":
            await super().on_event(event)
        elif event["login"] in (None, self.login):  # this login (or all hers) ended
            await self.end_login()

    async def end_login(self) -> None:
        """Her login ended: this socket says so and closes."""
        self.sockets.closed(self)
        with contextlib.suppress(Exception):  # already gone is as good
            await self.send({"type": "logged_out"})
            await self.close(4401)

    async def on_ping(self, frame: dict[str, Any]) -> None:
        await self.send({"type": "pong"})

    async def on_send(self, frame: dict[str, Any]) -> None:
        send = SendFrame.model_validate(frame)
        if not send.session_id:
            raise KefuError("缺少 session_id", code="invalid_frame")

        sent, events = await self.writer.submit(
            AgentSend(
                agent_id=self.agent.id,
                login=self.login,
                session_id=send.session_id,
                client_id=send.client_id,
                text=send.text,
            )
        )
        await self.acknowledge(send.client_id, sent, events)

    async def on_typing(self, frame: dict[str, Any]) -> None:
        session_id = str(frame.get("session_id", ""))
        await self.publish(
            [
                (
                    f"session:{session_id}",
                    {"type": "typing", "session_id": session_id, "from": "agent"},
                )
            ]
        )

    async def on_watch(self, frame: dict[str, Any]) -> None:
        watch = SessionFrame.model_validate(frame)
        await self.job(lambda db: service.check_agent_session(db, session_id=watch.session_id))
        self.subscribe(f"session:{watch.session_id}")

    async def on_resume(self, frame: dict[str, Any]) -> None:
        resume = SessionFrame.model_validate(frame)

        def work(db: Session) -> tuple[list[MessageOut], int]:
            chat_session = service.check_agent_session(db, session_id=resume.session_id)
            messages = service.missed_messages(
                db, chat_session=chat_session, last_seen_id=resume.last_seen_id
            )
            return messages, service.seq_of(db, message_id=resume.last_seen_id)

        messages, seen = await self.job(work)
        self.subscribe(f"session:{resume.session_id}")
        await self.send_history(resume.session_id, messages, seen)

    async def on_read(self, frame: dict[str, Any]) -> None:
        read = SessionFrame.model_validate(frame)

        def work(db: Session) -> None:
            agent = db.get(Agent, self.agent.id)
            chat_session = service.check_agent_session(db, session_id=read.session_id)
            assert agent is not None
            service.do_mark_read(db, agent=agent, chat_session=chat_session, seq=read.seq)

        await self.job(work)

"""A chat WebSocket connection (docs/protocol.md), what buyer and agent sockets share.

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
from fastapi import WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from sqlalchemy.orm import Session

from kefu import db as edge
from kefu.chat import service
from kefu.chat.writer import SendWriter
from kefu.kit import outbox
from kefu.kit.errors import KefuError, NotAuthenticated
from kefu.kit.validation import describe
from kefu.messaging import queries as messaging_queries
from kefu.messaging import service as messaging
from kefu.messaging.events import dump
from kefu.messaging.schemas import MessageOut
from kefu.realtime import QUEUE_LIMIT

log = logging.getLogger(__name__)
MAX_FRAME = 16 * 1024
T = TypeVar("T")


class Inbox(asyncio.Queue[dict[str, Any]]):
    """A connection's events. A message at or below what the connection has sent of its
    session (the sender's own, acked before it is published) is dropped as it arrives,
    as ``_deliver`` would drop it, rather than waking the connection to do so."""

    def __init__(self, delivered: dict[str, int]) -> None:
        super().__init__(maxsize=QUEUE_LIMIT)
        self.delivered = delivered

    def put_nowait(self, item: dict[str, Any]) -> None:
        if item["type"] == "message":
            message = item["message"]
            last, seq = self.delivered.get(message["session_id"]), message["seq"]
            if last is not None and seq is not None and seq <= last:
                return
        super().put_nowait(item)


class Connection:
    def __init__(self, websocket: WebSocket) -> None:
        self.ws = websocket
        self.app = websocket.app
        self.hub = self.app.state.broker.hub
        self.writer: SendWriter = self.app.state.send_writer
        self.channels: set[str] = set()
        self.delivered: dict[str, int] = {}
        self.queue: asyncio.Queue[dict[str, Any]] = Inbox(self.delivered)
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
        """Send a frame, as the text it carries when it was serialised once for all its
        subscribers (kit/outbox.Serialised); the caller holds ``self.lock``."""
        if isinstance(frame, outbox.Serialised):
            await self.ws.send_text(frame.text)
        else:
            await self.ws.send_text(orjson.dumps(frame).decode())

    async def error(self, code: str, reason: str, **extra: Any) -> None:
        await self.send({"type": "error", "code": code, "reason": reason, **extra})

    async def serve(self) -> None:
        """Read frames and pump events until the socket closes, each in a task of its own.

        Reading in its own task is for the CPU: every ``await`` of the route's coroutine
        resumes the whole ASGI stack above it (uvicorn, Starlette, FastAPI and Kefu's
        middleware, about 25 frames), twice a frame (the frame, then the commit). In a
        task of its own the read loop resumes from ``_read`` down, and the route waits
        once, for the end: about 15 % less server CPU per send (docs/benchmarks.md).
        """
        pump = asyncio.create_task(self._pump())
        reader = asyncio.create_task(self._read())
        try:
            await reader  # a cancelled route (shutdown) cancels the reader with it
        except WebSocketDisconnect:
            pass
        finally:
            reader.cancel()
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
                await self._deliver(event)
            return
        await self.send(event)

    async def _deliver(self, event: dict[str, Any]) -> None:
        """Send one message event, first filling any gap since the last one sent (lock held).

        A buyer connection holds events of a session it has not synced yet (by a
        ``resume`` or its own first ``send``), so a resume never skips anything.
        """
        message = event["message"]
        session_id, seq = message["session_id"], message["seq"]
        last = self.delivered.get(session_id)
        if last is None and self.hold_until_synced:
            self.held.setdefault(session_id, []).append(event)
            return
        if last is not None and seq is not None:
            if seq <= last:
                return
            if seq > last + 1:
                for missed in await self._messages_after(session_id, last):
                    if missed.seq is not None and missed.seq < seq:
                        await self._send({"type": "message", "message": dump(missed)})
        await self._send(event)
        if seq is not None:
            self.delivered[session_id] = seq

    async def _messages_after(self, session_id: str, after_seq: int) -> list[MessageOut]:
        def work(db: Session) -> list[MessageOut]:
            chat_session = messaging.check_agent_session(db, session_id=session_id)
            return [
                m
                for m in messaging_queries.missed_messages(
                    db, chat_session=chat_session, last_seen_id=None
                )
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
            for event in self.held.pop(session_id, []):
                await self._deliver(event)

    async def acknowledge(
        self, client_id: str, sent: service.Sent, events: list[outbox.Event]
    ) -> None:
        """Ack a committed send, then publish what it caused. The ack embeds the message's
        text as it was serialised once (messaging/events.Posted), as the fan-out does."""
        duplicate = "false" if sent.created else "true"
        ack = (
            f'{{"type":"ack","client_id":{orjson.dumps(client_id).decode()},'
            f'"duplicate":{duplicate},"message":{sent.posted.json}}}'
        )
        async with self.lock:
            await self.note_own(sent.session_id, sent.posted.data["seq"])
            await self.ws.send_text(ack)
        await self.publish(events)

    async def note_own(self, session_id: str, seq: int | None) -> None:
        """The sender saw its message in the ack; skip the echo if nothing came between.

        Called with the lock held.
        """
        last = self.delivered.get(session_id)
        if last is None and not self.hold_until_synced:
            return
        if last is None:  # the connection's first message there: it is synced from here
            self.delivered[session_id] = last = 0
            for held in self.held.pop(session_id, []):
                await self._deliver(held)
        if seq is not None and last == seq - 1:
            self.delivered[session_id] = seq

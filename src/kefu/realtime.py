"""Delivering events to connected browsers, in this process or across processes.

Each WebSocket connection owns a bounded queue subscribed to channels
(``session:ID``, ``agent:ID``, ``supervisors``). A broker carries published
events to every process's hub: in-process by default, Redis pub/sub when
``KEFU_REDIS_URL`` is set, so a buyer on one uvicorn process and an agent on
another still talk.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from typing import Any, Protocol

import orjson

from kefu.config import get_settings
from kefu.kit.outbox import Event

log = logging.getLogger(__name__)
QUEUE_LIMIT = 1000
REDIS_PREFIX = "kefu:"


class Hub:
    """This process's subscriptions."""

    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)

    def subscribe(self, channel: str, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._subscribers[channel].add(queue)

    def unsubscribe(self, channel: str, queue: asyncio.Queue[dict[str, Any]]) -> None:
        subscribers = self._subscribers.get(channel)
        if subscribers is not None:
            subscribers.discard(queue)
            if not subscribers:
                del self._subscribers[channel]

    def wants(self, channel: str) -> bool:
        """Whether a connection of this process listens on ``channel``."""
        return channel in self._subscribers

    def deliver(self, channel: str, event: dict[str, Any]) -> None:
        for queue in list(self._subscribers.get(channel, ())):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                # A client that stopped reading; it will resume from its last seen id.
                log.warning("dropping event for a slow subscriber of %s", channel)


class Broker(Protocol):
    hub: Hub

    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def publish(self, events: list[Event]) -> None: ...


class LocalBroker:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def publish(self, events: list[Event]) -> None:
        for channel, event in events:
            self.hub.deliver(channel, event)


class RedisBroker:
    """Every process publishes to and listens on ``kefu:*``."""

    def __init__(self, hub: Hub, url: str) -> None:
        import redis.asyncio as redis

        self.hub = hub
        self._redis = redis.from_url(url)
        self._listener: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._outgoing: list[tuple[list[Event], asyncio.Future[None]]] = []
        self._sender: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen())
        await asyncio.wait_for(self._ready.wait(), timeout=10)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self._redis.aclose()

    async def publish(self, events: list[Event]) -> None:
        """Publish ``events``; returns once Redis has them. Publishes that come while
        one is on its way go together in the next pipeline (one round trip for all the
        sends a busy process acks meanwhile, as its group commit does for the writes)."""
        if not events:
            return
        sent = asyncio.get_running_loop().create_future()
        self._outgoing.append((events, sent))
        if self._sender is None:
            self._sender = asyncio.create_task(self._send_outgoing())
        await sent

    async def _send_outgoing(self) -> None:
        try:
            while self._outgoing:
                batch, self._outgoing = self._outgoing, []
                try:
                    async with self._redis.pipeline(transaction=False) as pipe:
                        for events, _ in batch:
                            for channel, event in events:
                                pipe.publish(REDIS_PREFIX + channel, orjson.dumps(event))
                        await pipe.execute()
                except Exception as exc:  # each publisher hears of it, as if alone
                    for _, sent in batch:
                        if not sent.done():
                            sent.set_exception(exc)
                else:
                    for _, sent in batch:
                        if not sent.done():
                            sent.set_result(None)
        finally:
            self._sender = None

    async def _listen(self) -> None:
        pubsub = self._redis.pubsub()
        await pubsub.psubscribe(REDIS_PREFIX + "*")
        self._ready.set()
        try:
            async for message in pubsub.listen():
                if message.get("type") != "pmessage":
                    continue
                channel = message["channel"].decode().removeprefix(REDIS_PREFIX)
                if self.hub.wants(channel):  # every process hears every event: most are not
                    self.hub.deliver(channel, orjson.loads(message["data"]))  # for its sockets
        finally:
            await pubsub.aclose()


def publish_from_outside(events: list[Event]) -> None:
    """Publish from a process that serves no sockets (a CLI command): through Redis
    to the servers when it is configured; otherwise nobody could be listening."""
    redis_url = get_settings().redis_url
    if events and redis_url:
        asyncio.run(_publish_once(RedisBroker(Hub(), redis_url), events))


async def _publish_once(broker: RedisBroker, events: list[Event]) -> None:
    try:
        await broker.publish(events)
    finally:
        await broker.stop()


def make_broker(redis_url: str | None) -> Broker:
    hub = Hub()
    return RedisBroker(hub, redis_url) if redis_url else LocalBroker(hub)

"""This process's workbench sockets, counted per agent, and the presence loop.

The rules are chat/presence.py's; this is when they run. A socket opening marks
its agent seen (and back to 在线 if presence had made her 离开). Her last socket
here closing starts a grace period (``KEFU_PRESENCE_GRACE_SECONDS``); a socket
that reopens ends it, otherwise presence decides, knowing whether another process
saw her meanwhile. Every few seconds the loop marks this process's agents seen,
closes sockets silent for ``KEFU_PRESENCE_IDLE_SECONDS`` (as if the tab were
closed), and looks for absent agents and unanswered chats. Those global looks
run once this process holds a socket or has run a minute, so a test's short-lived
app never touches its database from here, and under the background jobs' lock
(kefu/joblock.py), so one process at a time makes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.orm import Session
from starlette.datastructures import State

from kefu import db as edge
from kefu import joblock
from kefu.chat import presence
from kefu.config import get_settings
from kefu.kit import clock
from kefu.team import service as team_service

log = logging.getLogger(__name__)
WARM_UP_SECONDS = 60.0
IDLE_CLOSE_CODE = 4408


class Workbench(Protocol):
    """What presence needs of an agent's connection (chat/ws.py's AgentConnection)."""

    agent_id: str
    login: str  # the login's token hash
    last_active: float  # time.monotonic() of the last frame she sent

    async def close(self, code: int) -> None: ...

    async def end_login(self) -> None: ...


class AgentSockets:
    def __init__(self, state: State) -> None:
        self._state = state
        self._open: dict[str, set[Workbench]] = defaultdict(set)
        self._grace: dict[str, asyncio.Task[None]] = {}
        self._started = time.monotonic()
        self._stopping = False  # shutting down: closing sockets say nothing of presence

    async def opened(self, socket: Workbench) -> str:
        """Count the socket; returns the agent's status for its welcome."""
        self._open[socket.agent_id].add(socket)
        timer = self._grace.pop(socket.agent_id, None)
        if timer is not None:
            timer.cancel()
        at = clock.now()
        return await edge.run(
            self._state, lambda db: presence.do_connected(db, agent_id=socket.agent_id, at=at)
        )

    def closed(self, socket: Workbench) -> None:
        """Forget the socket (again is harmless); her last one starts the grace period."""
        sockets = self._open.get(socket.agent_id)
        if sockets is None or socket not in sockets:
            return
        sockets.discard(socket)
        if sockets:
            return
        del self._open[socket.agent_id]
        if not self._stopping:
            since = clock.now()
            self._grace[socket.agent_id] = asyncio.create_task(
                self._after_grace(socket.agent_id, since)
            )

    async def _after_grace(self, agent_id: str, since: dt.datetime) -> None:
        await asyncio.sleep(get_settings().presence_grace_seconds)
        self._grace.pop(agent_id, None)
        try:
            await self._job(lambda db: presence.do_check_gone(db, agent_id=agent_id, since=since))
        except Exception:  # the loop's sweep catches her later
            log.exception("presence check of %s failed", agent_id)

    async def run_forever(self) -> None:
        try:
            while True:
                await asyncio.sleep(presence.tick_seconds())
                try:
                    await self.tick()
                except Exception:  # one bad tick must not stop presence
                    log.exception("presence tick failed; will retry")
        finally:
            self._stopping = True
            for timer in self._grace.values():
                timer.cancel()

    async def tick(self) -> None:
        await self._close_idle()
        await self._close_ended()
        at = clock.now()  # before any socket closes later: see presence.do_check_gone
        agents = set(self._open)
        if agents:
            await self._job(lambda db: presence.do_seen(db, agent_ids=agents, at=at))
        if agents or time.monotonic() - self._started > WARM_UP_SECONDS:
            # One process at a time (the background jobs' lock): another that is at it
            # would only make this one wait on the rows it locks, and then find nothing.
            await self._job(joblock.locked(lambda db: presence.do_sweep_absent(db, now=at)))
            await self._job(joblock.locked(lambda db: presence.do_reassign_unanswered(db, now=at)))

    async def _close_idle(self) -> None:
        limit = time.monotonic() - get_settings().presence_idle_seconds
        idle = [s for sockets in self._open.values() for s in sockets if s.last_active < limit]
        for socket in idle:
            self.closed(socket)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(socket.close(IDLE_CLOSE_CODE), timeout=5)

    async def _close_ended(self) -> None:
        """Sockets of logins that ended without their event reaching this process (a
        password changed by ``kefu`` on the command line, a lost message): closed now."""
        sockets = [s for group in self._open.values() for s in group]
        logins = {socket.login for socket in sockets}
        if not logins:
            return
        live = await edge.run(self._state, lambda db: team_service.live_logins(db, logins=logins))
        for socket in sockets:
            if socket.login not in live:
                await socket.end_login()

    async def _job(self, work: Callable[[Session], object]) -> None:
        await edge.run(self._state, work)

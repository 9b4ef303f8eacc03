"""Group commit for chat sends (docs/protocol.md: the ack follows the commit).

Every connection's ``send`` waits here. One batch at a time runs in a worker
thread as one transaction (chat/sends.py), committed once; only then does each
sender get its result and its events. While a batch is written the next one
gathers, so batches grow with the load by themselves, and a lone send waits for
nobody. A batch that fails as a whole (a lost race with another process, a bug)
is written again one send per transaction, so one bad send costs no other.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State

from kefu.chat import sends
from kefu.chat.service import Sent
from kefu.db import run_unit
from kefu.kit import outbox

log = logging.getLogger(__name__)
BATCH_LIMIT = 256
Written = tuple[Sent, list[outbox.Event]]


class SendWriter:
    """One per app; reads ``state.sessionmaker`` and ``state.db_slots`` (the slots that
    requests and chat jobs share) when it writes, so tests may swap the former."""

    def __init__(self, state: State) -> None:
        self._state = state
        self._waiting: list[tuple[sends.Send, asyncio.Future[Written]]] = []
        self._drainer: asyncio.Task[None] | None = None

    async def submit(self, send: sends.Send) -> Written:
        """Write ``send``; return it once committed, with the events it caused.

        Raises the send's ``KefuError`` when it was refused.
        """
        loop = asyncio.get_running_loop()
        if self._drainer is not None and self._drainer.get_loop() is not loop:
            # Its loop was closed under it (a test client's, mid-batch): start afresh.
            self._drainer, self._waiting = None, []
        future: asyncio.Future[Written] = loop.create_future()
        self._waiting.append((send, future))
        if self._drainer is None:
            self._drainer = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        me = asyncio.current_task()
        batch: list[tuple[sends.Send, asyncio.Future[Written]]] = []
        try:
            while self._waiting:
                batch, self._waiting = self._waiting[:BATCH_LIMIT], self._waiting[BATCH_LIMIT:]
                async with self._state.db_slots:
                    results = await run_in_threadpool(self._write, [send for send, _ in batch])
                for (_, future), result in zip(batch, results, strict=True):
                    if future.done():  # its sender went away; a retry finds it written
                        continue
                    if isinstance(result, Exception):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
                batch = []
        finally:  # a batch left unfinished only when cancelled (shutdown)
            for _, future in batch:
                future.cancel()
            if self._drainer is me:  # not replaced by submit() on a newer loop
                self._drainer = None
                for _, future in self._waiting:
                    future.cancel()
                self._waiting = []

    def _write(self, batch: list[sends.Send]) -> list[Written | Exception]:
        try:
            return self._transaction(batch)
        except Exception as exc:
            if len(batch) == 1:
                log.exception("chat send failed")
                return [exc]
            log.warning("a batch of %d sends failed; writing each alone", len(batch), exc_info=True)
        return [result for send in batch for result in self._write([send])]

    def _transaction(self, batch: list[sends.Send]) -> list[Written | Exception]:
        factory: sessionmaker[Session] = self._state.sessionmaker
        outcomes, emitted = run_unit(factory, lambda db: sends.do_sends(db, sends=batch))
        return [
            outcome.result
            if isinstance(outcome.result, Exception)
            else (outcome.result, emitted[outcome.events])
            for outcome in outcomes
        ]

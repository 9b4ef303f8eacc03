"""History import/export for supervisors (主管)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Annotated

import orjson
from fastapi import Depends, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.audit import service as audit
from kefu.config import get_settings
from kefu.db import read_only
from kefu.history import service
from kefu.history.schemas import ImportReport
from kefu.kit.clock import parse_bound
from kefu.kit.errors import BadInput
from kefu.models import Agent
from kefu.models.team import Role

api = make_router(prefix="/api/v1/history", tags=["history"])
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]
WRITE_CHUNK = 1024**2


def _reading_db(db: Annotated[Session, Depends(get_db)]) -> Session:
    """The request's session, read-only: the supervisor's login is checked without
    taking SQLite's write lock, which the import then needs for its merge alone."""
    read_only(db)
    return db


@api.post(
    "/import",
    response_model=ImportReport,
    openapi_extra={"requestBody": {"content": {"application/x-ndjson": {}}, "required": True}},
)
async def import_history(
    request: Request, _db: Annotated[Session, Depends(_reading_db)], _agent: Supervisor
) -> ImportReport:
    """Import a JSON Lines file sent as the request body; all or nothing.

    A bad line answers 422 with ``line`` and ``reason``; nothing is stored. The body
    is written to a temporary file as it arrives (in threads: file work never runs
    on the event loop), then imported beside live traffic (history/service.py).
    """
    with tempfile.TemporaryFile() as buffer:
        pending = bytearray()
        async for chunk in request.stream():
            pending += chunk
            if len(pending) >= WRITE_CHUNK:
                await run_in_threadpool(buffer.write, bytes(pending))
                pending.clear()
        await run_in_threadpool(buffer.write, bytes(pending))
        await run_in_threadpool(buffer.seek, 0)
        return await run_in_threadpool(service.run_import, request.app.state.sessionmaker, buffer)


@api.get("/export", response_class=StreamingResponse)
def export_history(
    request: Request,
    db: Annotated[Session, Depends(get_db)],
    agent: Supervisor,
    start: Annotated[
        str | None, Query(alias="from", description="inclusive; date or ISO time")
    ] = None,
    end: Annotated[str | None, Query(alias="to", description="exclusive; date or ISO time")] = None,
) -> StreamingResponse:
    tz = get_settings().shop_timezone
    try:
        bounds = [parse_bound(value, tz) if value else None for value in (start, end)]
    except ValueError as exc:
        raise BadInput(str(exc), code="bad_period") from None
    factory = request.app.state.sessionmaker
    audit.do_record_export(db, actor=agent, what="kefu-history.jsonl", start=start, end=end)

    def body() -> Iterator[bytes]:
        with factory() as db:
            read_only(db)
            for line in service.export_lines(db, tz=tz, start=bounds[0], end=bounds[1]):
                yield orjson.dumps(line) + b"\n"

    return StreamingResponse(
        body(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="kefu-history.jsonl"'},
    )

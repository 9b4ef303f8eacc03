"""Request bodies are counted while they arrive: one over its limit is answered 413
the moment it crosses it, so no upload, however large, is ever held whole in
memory or on disk (a 300 MB image used to be read whole before its 5 MB check)."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MIB = 1024 * 1024
# Covers the largest file an endpoint accepts (CSV and images: 5 MiB) plus its
# multipart framing; endpoints still check their own, smaller limits.
DEFAULT_LIMIT = 8 * MIB
# Paths whose bodies may be larger (read as a stream by their endpoint).
LIMITS = {
    "/api/v1/history/import": 2 * 1024 * MIB,
    # Call recordings (kefu.hotline.recordings): an hour of telephone-quality MP3.
    "/api/v1/hotline/pbx/recording": 64 * MIB,
    "/api/v1/hotline/recordings": 64 * MIB,
}


def limit_for(path: str) -> int:
    return LIMITS.get(path.rstrip("/"), DEFAULT_LIMIT)


class BodyLimit:
    """ASGI middleware: refuse a body over its path's limit, by its declared length
    at once, or (chunked, or lying) as soon as the bytes received pass it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(send, limit)
            return
        state: dict[str, Any] = {"received": 0, "refused": False, "started": False}

        async def counting_receive() -> Message:
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["refused"] = True
                    if not state["started"]:
                        await _refuse(send, limit)
                    # The endpoint sees the client go away and stops reading.
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if state["refused"]:
                return  # the 413 is already out
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not state["refused"]:
                raise


async def _refuse(send: Send, limit: int) -> None:
    body = orjson.dumps(
        {"code": "too_large", "reason": f"请求内容过大（最多 {limit // MIB} MB）", "limit": limit}
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

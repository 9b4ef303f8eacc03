"""Security headers on every HTTP response, and buyer tokens kept out of the logs.

The pages load only this server's scripts (no inline ones; the API docs' start-up
script is a file too), so a text that slips into a page cannot run. No page may be
framed, except the buyer's chat page: widget.js opens it in a panel on the shop's own
pages, whose origins ``KEFU_CHAT_FRAME_ANCESTORS`` names. Buyers carry their token
(and survey links their signature) in query strings, which uvicorn would write to
its log; a filter blanks them first.
"""

from __future__ import annotations

import logging
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kefu.config import get_settings

# Element Plus and ECharts set style attributes, hence 'unsafe-inline' for styles only.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
)
FRAMED_PATHS = ("/chat",)  # the buyer's chat page, opened by widget.js in the shop's pages
SECRET_QUERY = re.compile(r"([?&](?:token|sig)=)[^&\s\"]*")
LOGGERS = ("uvicorn.access", "uvicorn.error")  # the WebSocket handshakes go to uvicorn.error


def policy_for(path: str) -> str:
    ancestors = get_settings().chat_frame_ancestors if path in FRAMED_PATHS else "'none'"
    return POLICY.format(ancestors=ancestors)


class SecurityHeaders:
    """Pure ASGI (WebSockets and streamed responses pass untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy_for(scope["path"]))
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        await self.app(scope, receive, with_headers)


def redact(text: str) -> str:
    return SECRET_QUERY.sub(r"\1[redacted]", text)


class RedactSecrets(logging.Filter):
    """Blank ``token=`` and ``sig=`` in the request lines uvicorn logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def keep_secrets_out_of_logs() -> None:
    """Once per process: a filter on uvicorn's loggers (adding it twice is harmless)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())

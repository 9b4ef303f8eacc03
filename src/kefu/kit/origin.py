"""Where the request being served came from, for the audit log.

The request edge (api/routing.py) sets it; it follows the request into the worker
thread that runs a sync endpoint (context variables are copied there), so a service
can record the address without every caller passing it down.
"""

from __future__ import annotations

from contextvars import ContextVar

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)

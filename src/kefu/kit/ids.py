"""Ids for rows created inside Kefu (imported rows keep the ids of their source)."""

from __future__ import annotations

import secrets
import time


def new_id(prefix: str) -> str:
    """A sortable, unguessable id: prefix, milliseconds in base 36, 10 random chars."""
    millis = int(time.time() * 1000)
    return f"{prefix}_{_base36(millis)}{secrets.token_hex(5)}"


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"

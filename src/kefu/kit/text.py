"""Text that every database can store: no NUL character (PostgreSQL refuses it) and no
lone surrogate (no UTF-8 encodes it). Caught where text comes in, as a 422 that names
the field, never as a 500 from the database or the JSON encoder."""

from __future__ import annotations

import hmac
import re
from typing import Any

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REASON = "不能包含空字符或无效的 Unicode 字符"


def storable(text: str) -> bool:
    return UNSTORABLE.search(text) is None


def unstorable_field(value: Any, where: str = "") -> str | None:
    """The path (``items.2.text``) of the first unstorable string in parsed JSON, or None."""
    if isinstance(value, str):
        return None if storable(value) else where or "请求"
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, inner in items:
        if isinstance(key, str) and not storable(key):
            return where or "请求"
        found = unstorable_field(inner, f"{where}.{key}" if where else str(key))
        if found is not None:
            return found
    return None


def same_secret(a: str, b: str) -> bool:
    """Constant-time equality of two signatures or tokens; any text (a non-ASCII one
    from a forged link or header) is simply unequal, never an error."""
    return hmac.compare_digest(_bytes(a), _bytes(b))


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")

"""Business errors: each has a machine code, a human reason and an HTTP status.

Endpoints never build error responses by hand; they raise one of these and the
app's handler turns it into ``{"code": ..., "reason": ...}``.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


class KefuError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, reason: str, *, code: str | None = None, **detail: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        if code is not None:
            self.code = code
        self.detail = detail

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "reason": self.reason, **self.detail}


class BadInput(KefuError):
    status_code = 422
    code = "invalid_input"


class NotAuthenticated(KefuError):
    status_code = 401
    code = "not_authenticated"


class Forbidden(KefuError):
    status_code = 403
    code = "forbidden"


class NotFound(KefuError):
    status_code = 404
    code = "not_found"


class Conflict(KefuError):
    status_code = 409
    code = "conflict"


class TooManyRequests(KefuError):
    status_code = 429
    code = "too_many_requests"


def found(row: T | None, reason: str, *, code: str) -> T:
    """``row``, or a 404 saying what is missing: the last step of every ``get_*``."""
    if row is None:
        raise NotFound(reason, code=code)
    return row


def csv_line_error(error: BadInput) -> BadInput:
    """A batch item's error (with ``index``) restated for a CSV file: the data's
    first row is line 2, after the header."""
    index = error.detail.get("index")
    if index is None:
        return error
    return BadInput(f"第 {index + 2} 行：{error.reason.split('：', 1)[-1]}", code=error.code)

"""Every error leaves as JSON ``{"code", "reason"}``; pages get a redirect to the
login form instead of a 401."""

from __future__ import annotations

import csv
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kefu.kit.dates import OUT_OF_RANGE
from kefu.kit.errors import KefuError, NotAuthenticated, TooManyRequests
from kefu.kit.validation import describe, field_of, reason_of

log = logging.getLogger(__name__)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(KefuError, _kefu_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(csv.Error, _bad_csv)
    app.add_exception_handler(DataError, _out_of_range)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(OverflowError, _overflow_error)
    app.add_exception_handler(Exception, _unexpected_error)


def _wants_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


async def _kefu_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KefuError)
    if isinstance(exc, NotAuthenticated) and _wants_page(request):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else None
    return JSONResponse(exc.as_dict(), status_code=exc.status_code, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    problems = [{"field": field_of(err), "reason": reason_of(err)} for err in errors]
    return JSONResponse(
        {
            "code": "invalid_input",
            "reason": describe(errors[0]) if errors else "请求格式不正确",
            "problems": problems,
        },
        status_code=422,
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 422: "invalid_input"}
    return JSONResponse(
        {"code": codes.get(exc.status_code, "http_error"), "reason": str(exc.detail)},
        status_code=exc.status_code,
    )


async def _overflow_error(request: Request, exc: Exception) -> Response:
    """A date that passed validation yet overflowed in arithmetic: the caller's value
    is out of range, never the server's fault (kit/dates.py bounds the inputs)."""
    log.warning("overflow on %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse({"code": "out_of_range", "reason": OUT_OF_RANGE}, status_code=422)


async def _bad_csv(request: Request, exc: Exception) -> Response:
    """A CSV upload the csv module cannot read at all: the file's fault, not ours."""
    return JSONResponse(
        {"code": "bad_csv", "reason": "CSV 文件格式有误（引号不成对，或字段中有未加引号的换行）"},
        status_code=422,
    )


async def _out_of_range(request: Request, exc: Exception) -> Response:
    """A value the database cannot hold (a number past its integer type, say): the
    request's fault, caught where no endpoint checked it first."""
    log.warning("value out of range on %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse({"code": "out_of_range", "reason": "数值超出允许的范围"}, status_code=422)


def _names_a_missing_row(exc: IntegrityError) -> bool:
    text = str(exc.orig)
    return "FOREIGN KEY constraint failed" in text or "violates foreign key constraint" in text


async def _integrity_error(request: Request, exc: Exception) -> Response:
    """A request naming an agent, customer or product that does not exist, caught by the
    database where no service checked it first: the request's fault (422), and the unit
    of work rolls back, so nothing is half-written. Other integrity errors stay 500s."""
    assert isinstance(exc, IntegrityError)
    if not _names_a_missing_row(exc):
        return await _unexpected_error(request, exc)
    log.warning("unknown reference on %s %s: %s", request.method, request.url.path, exc.orig)
    reason = "请求中引用的客服、客户、商品或订单不存在"
    return JSONResponse({"code": "unknown_reference", "reason": reason}, status_code=422)


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse({"code": "internal_error", "reason": "服务器内部错误"}, status_code=500)

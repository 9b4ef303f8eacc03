"""Requests whose text every database can store (kefu.kit.text): a NUL, a lone
surrogate or bytes that are not UTF-8 in a JSON body, the query or the path are a
422 naming the field, before any endpoint runs."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute
from starlette.datastructures import QueryParams

from kefu.kit.text import REASON, storable, unstorable_field


def _refuse(where: str) -> HTTPException:
    return HTTPException(status_code=422, detail=f"{where}：{REASON}")


class TextCheckedRequest(Request):
    def check_path(self) -> None:
        if not storable(self.scope["path"]):
            raise _refuse("路径")

    @property
    def query_params(self) -> QueryParams:
        params = super().query_params
        for key, value in params.multi_items():
            if not (storable(key) and storable(value)):
                raise _refuse(key if storable(key) else "查询参数")
        return params

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            try:
                text = (await self.body()).decode("utf-8")
            except UnicodeDecodeError:
                raise HTTPException(422, detail="请求内容不是有效的 UTF-8 文本") from None
            parsed = json.loads(text)  # a syntax error stays FastAPI's 422
            where = unstorable_field(parsed)
            if where is not None:
                raise _refuse(where)
            self._json = parsed
        return self._json


class TextCheckedRoute(APIRoute):
    """For routers that are their own transaction edge (the login): the same text
    checks as every ``make_router`` route, without the request-wide unit of work."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            request = TextCheckedRequest(request.scope, request.receive)
            request.check_path()
            return await handler(request)

        return checked

"""Batches of JSON items (courier scans, shipments, reviews) checked whole: the
first bad item refuses the batch, named by its 0-based ``index``."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kefu.kit.errors import BadInput

M = TypeVar("M", bound=BaseModel)


def parse_items(items: Any, model: type[M], *, code: str, max_items: int = 1000) -> list[M]:
    if not isinstance(items, list) or not items:
        raise BadInput("需要一个非空的数组", code="bad_batch")
    if len(items) > max_items:
        raise BadInput(f"一批最多 {max_items} 条", code="batch_too_large")
    parsed = []
    for index, item in enumerate(items):
        try:
            parsed.append(model.model_validate(item))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise item_error(index, f"（{where}）{first['msg']}", code=code) from None
    return parsed


def item_error(index: int, reason: str, *, code: str) -> BadInput:
    return BadInput(f"第 {index} 条：{reason}", code=code, index=index)

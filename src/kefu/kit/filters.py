"""The filters of list pages: a filter that takes several values, and text search
over ids (exact) and names (anywhere in the text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator
from sqlalchemy import Select, false, or_
from sqlalchemy.sql.elements import ColumnElement

T = TypeVar("T")
LIKE_ESCAPE = "\\"


def _split(value: Any) -> Any:
    """``?status=a&status=b`` and ``?status=a,b`` mean the same."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        return [part.strip() for item in value for part in str(item).split(",") if part.strip()]
    return value


# A query parameter that takes several values, repeated or comma-separated.
Many = Annotated[list[T], BeforeValidator(_split)]


def contains(text: str) -> str:
    """A LIKE pattern (escape ``LIKE_ESCAPE``) for ``text`` anywhere, wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_search(
    text: str | None,
    *,
    exact: Sequence[ColumnElement[Any]],
    partial: Sequence[ColumnElement[Any]] = (),
) -> ColumnElement[bool] | None:
    """Rows whose id-like ``exact`` columns equal ``text`` or whose ``partial`` columns
    (names, summaries) contain it; None when there is nothing to search for."""
    text = (text or "").strip()
    if not text:
        return None
    pattern = contains(text)
    found = [column == text for column in exact]
    found += [column.like(pattern, escape=LIKE_ESCAPE) for column in partial]
    return or_(false(), *found)


def narrow(query: Select[Any], *conditions: ColumnElement[bool] | None) -> Select[Any]:
    """``query`` with every filter that was given (None: not given)."""
    return query.where(*(c for c in conditions if c is not None))


def yes_no(condition: ColumnElement[bool], wanted: bool | None) -> ColumnElement[bool] | None:
    """A yes/no filter: rows where ``condition`` holds, or where it does not, or all (None).
    ``condition`` must never be NULL, or its negation would drop rows."""
    if wanted is None:
        return None
    return condition if wanted else ~condition

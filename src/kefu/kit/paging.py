"""One shape for every list the staff app shows: filters and search are the endpoint's, paging
and sorting are here, so every list answers ``{"items", "total", "page", "page_size"}`` and a
page of 20 rows never loads the other thousands."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from kefu.kit.errors import BadInput

T = TypeVar("T")

MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000  # far past any list's end, and an offset every database can take


@dataclass(frozen=True)
class PageParams:
    """``page`` is 1-based; ``sort`` is a field name, ``-name`` for descending."""

    page: int = 1
    page_size: int = 20
    sort: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.page <= MAX_PAGE:
            raise BadInput(f"页码须在 1 到 {MAX_PAGE} 之间", code="bad_page")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise BadInput(f"每页条数须在 1 到 {MAX_PAGE_SIZE} 之间", code="bad_page_size")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


class Paged(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


def page_params(page: int = 1, page_size: int = 20, sort: str | None = None) -> PageParams:
    """FastAPI dependency: ``Annotated[PageParams, Depends(page_params)]``."""
    return PageParams(page=page, page_size=page_size, sort=sort)


def order_by(
    query: Select[Any],
    sort: str | None,
    columns: Mapping[str, ColumnElement[Any]],
    default: Sequence[ColumnElement[Any]],
) -> Select[Any]:
    """Sort by one of the allowed ``columns``; an unknown field is a 422 naming the choices.
    Empty values come last either way (SQLite and PostgreSQL disagree where NULL sorts)."""
    if not sort:
        return query.order_by(*default)
    name = sort.removeprefix("-")
    column = columns.get(name)
    if column is None:
        raise BadInput(f"不能按 {name} 排序，可选：{', '.join(columns)}", code="bad_sort")
    ordered = column.desc() if sort.startswith("-") else column.asc()
    return query.order_by(ordered.nulls_last(), *default)


def by_deadline(
    query: Select[Any], sort: str | None, case: Any, *, settled: ColumnElement[Any]
) -> Select[Any]:
    """A case list (parcels, service orders, tickets, platform claims: a model with
    ``due_at``, ``opened_at`` and ``id``) sorted by ``due_at`` or ``opened_at`` when asked,
    else the unsettled first, each by the nearest deadline."""
    columns = {"due_at": case.due_at, "opened_at": case.opened_at}
    return order_by(query, sort, columns, [settled, case.due_at, case.id])


def fetch_page(db: Session, query: Select[Any], params: PageParams) -> tuple[list[Any], int]:
    """The rows of one page and the count of all rows the (unsorted) filters match."""
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = list(db.execute(query.limit(params.page_size).offset(params.offset)))
    return rows, total


def paged(items: list[T], total: int, params: PageParams) -> dict[str, Any]:
    return {"items": items, "total": total, "page": params.page, "page_size": params.page_size}


def paged_map(
    rows: list[Any], total: int, params: PageParams, build: Callable[[Any], T]
) -> dict[str, Any]:
    return paged([build(row) for row in rows], total, params)


@dataclass(frozen=True)
class Top:
    """The first rows of a sorted query, how many rows it has, and how many of them
    are overdue: a summary (a badge and a short list) in one query."""

    rows: list[Any]
    total: int
    overdue: int


def fetch_top(db: Session, query: Select[Any], limit: int, *, overdue: ColumnElement[bool]) -> Top:
    """``limit`` rows of the (sorted) ``query``; the counts ride along as window columns."""
    counted = query.add_columns(
        func.count().over().label("top_total"),
        func.sum(case((overdue, 1), else_=0)).over().label("top_overdue"),
    )
    rows = list(db.execute(counted.limit(limit)))
    if not rows:
        return Top([], 0, 0)
    return Top([row[:-2] for row in rows], rows[0][-2], int(rows[0][-1] or 0))

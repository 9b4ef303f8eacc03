"""Statements prebuilt on the driver, for the chat's hot path (chat/sends.py).

A Core statement is compiled once per database dialect; each run hands the SQL and
the values straight to the driver's cursor, in the session's transaction, the values
passed through their columns' own converters (a time to SQLite's text and back, say).
SQLAlchemy's per-execution work (the statement cache's key, the execution context,
the result's metadata, each row's parameters one by one) is what a batch of sends
spent most of its statements' time on: about 30 µs a statement before any row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect, Executable
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # the parameters, in the order the driver takes them
    processors: tuple[Processor, ...]
    constants: dict[str, Any]  # values the statement holds (``bindparam(value=…)``)
    positional: bool
    results: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column, converter) where needed
    error: type[Exception]  # the driver's base error

    def run(self, method: Callable[[str, Any], Any], values: Any) -> None:
        """Call the driver; its error raised as SQLAlchemy's (``IntegrityError`` and so
        on), as a statement run through SQLAlchemy would raise it."""
        try:
            method(self.sql, values)
        except self.error as exc:
            raise DBAPIError.instance(self.sql, values, exc, self.error) from exc

    def values(self, row: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        constants = self.constants
        values = [
            (constants[name] if name in constants else row[name])
            if process is None
            else process(constants[name] if name in constants else row[name])
            for name, process in zip(self.names, self.processors, strict=True)
        ]
        return tuple(values) if self.positional else dict(zip(self.names, values, strict=True))


class Prebuilt:
    """``statement`` compiled once per dialect (an INSERT for the keys ``columns``)."""

    def __init__(self, statement: Executable, *, columns: Sequence[str] | None = None) -> None:
        self.statement = statement
        self.columns = list(columns) if columns is not None else None
        self._by_dialect: dict[str, _Compiled] = {}

    def _compiled(self, dialect: Dialect) -> _Compiled:
        compiled = self._by_dialect.get(dialect.name)
        if compiled is None:
            done = self.statement.compile(dialect=dialect, column_keys=self.columns)  # type: ignore[attr-defined]
            names = tuple(done.positiontup if done.positional else done.binds)
            binds = [done.binds[name] for name in names]
            processors = tuple(bind.type.bind_processor(dialect) for bind in binds)
            constants = {bind.key: bind.value for bind in binds if not bind.required}
            columns = getattr(self.statement, "selected_columns", ())
            converters = [column.type.result_processor(dialect, None) for column in columns]
            results = tuple((n, c) for n, c in enumerate(converters) if c is not None)
            compiled = _Compiled(
                done.string,
                names,
                processors,
                constants,
                done.positional,
                results,
                dialect.loaded_dbapi.Error,
            )
            self._by_dialect[dialect.name] = compiled
        return compiled

    def execute(self, db: Session, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Run it once; its rows, as tuples of the columns' Python values."""
        compiled, cursor = self._prepare(db)
        try:
            compiled.run(cursor.execute, compiled.values(values))
            rows = cursor.fetchall()
        finally:
            cursor.close()
        if not compiled.results:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            fields = list(row)
            for column, convert in compiled.results:
                fields[column] = convert(fields[column])
            converted.append(tuple(fields))
        return converted

    def executemany(self, db: Session, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run it once per row, in one call to the driver."""
        if not rows:
            return
        compiled, cursor = self._prepare(db)
        try:
            compiled.run(cursor.executemany, [compiled.values(row) for row in rows])
        finally:
            cursor.close()

    def _prepare(self, db: Session) -> tuple[_Compiled, Any]:
        """The statement for the session's database, and a cursor in its transaction."""
        connection = db.connection()
        return self._compiled(connection.dialect), connection.connection.cursor()

"""Import and export of shop history (shared/spec/conversation-log.md).

An import runs in two steps so that a shop keeps chatting while it runs. First
the file is read, checked and staged, line by line, into a private SQLite file
of the same tables (history/staging.py): memory stays flat however long the file
is, ids already present are skipped, every reference is checked, and the shop's
database is only read. Then the staged rows are merged in one short transaction
(on SQLite, one ``INSERT … SELECT`` per table), so other writers wait for the
merge alone. Any bad line stops the import before the merge: nothing of the
file is stored. ``import_lines`` merges into a caller's session (its savepoint
rolls back on error); ``run_import`` is the import's own edge.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from kefu.db import defer_foreign_keys, read_only, unit_of_work
from kefu.history import repository
from kefu.history.rows import (
    CUSTOMER_FIELDS,
    INTERCEPT_FIELDS,
    INVOICE_FIELDS,
    ORDER_FIELDS,
    RESHIP_FIELDS,
    TO_ROWS,
    LineWriter,
)
from kefu.history.schemas import LINE, ImportReport
from kefu.history.staging import Staging
from kefu.kit.errors import BadInput
from kefu.kpi import summaries as kpi_summaries

BATCH = 2000
SUMMARY_CHUNK = 500
NUL = b"\\u0000"  # as JSON writes it; PostgreSQL refuses it in text


class ImportLineError(BadInput):
    """A line that stops the import; ``line`` is 1-based, as editors count."""

    code = "bad_line"

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}", line=line)
        self.line = line


def import_lines(db: Session, lines: Iterable[bytes | str]) -> ImportReport:
    """Import one file's lines into ``session``'s transaction, all or nothing."""
    with tempfile.TemporaryDirectory(prefix="kefu-import-") as folder:
        batch = _stage(Path(folder), lines)
        batch.check_references(db)
        with db.begin_nested():
            defer_foreign_keys(db)
            created = repository.merge_rows(db, batch.staging.db)
            kpi_summaries.do_refresh(db, session_ids=batch.touched_sessions)
        batch.staging.close()
    return ImportReport(lines=batch.lines, created=created)


def run_import(factory: sessionmaker[Session], lines: Iterable[bytes | str]) -> ImportReport:
    """The import's own edge: stage and check reading the database only, then merge
    and commit in one short transaction (on SQLite: the write lock is held for the
    merge alone, not for the reading and checking of the whole file).

    The KPI summaries of the sessions the file touched are written afterwards, a
    few hundred per transaction: they are derived (``kefu kpi rebuild`` writes
    them all again) and would otherwise double the merge's hold on the lock.
    """
    with tempfile.TemporaryDirectory(prefix="kefu-import-") as folder:
        batch = _stage(Path(folder), lines)
        with factory() as reader:
            read_only(reader)
            batch.check_references(reader)
        created = _merge(factory, batch.staging)
    touched = sorted(batch.touched_sessions)
    for first in range(0, len(touched), SUMMARY_CHUNK):
        with unit_of_work(factory) as db:
            kpi_summaries.do_refresh(db, session_ids=touched[first : first + SUMMARY_CHUNK])
    return ImportReport(lines=batch.lines, created=created)


def _merge(factory: sessionmaker[Session], staging: Staging) -> dict[str, int]:
    """One transaction; on a SQLite engine with the staging file attached, so each
    table is one ``INSERT … SELECT`` (about ten times faster than row batches)."""
    bind = factory.kw.get("bind")
    try:
        if isinstance(bind, Engine) and bind.dialect.name == "sqlite":
            staging.close()  # its rows are committed; the merge reads the file
            with (
                bind.connect() as connection,
                repository.attached(connection, staging.path),
                unit_of_work(sessionmaker(bind=connection)) as db,
            ):
                defer_foreign_keys(db)
                return repository.merge_attached(db)
        with unit_of_work(factory) as db:
            defer_foreign_keys(db)
            return repository.merge_rows(db, staging.db)
    except DBAPIError as exc:  # a row deleted since the check, say
        raise BadInput(f"导入被数据库拒绝：{_reason(exc)}", code="import_rejected") from None
    finally:
        staging.close()


def _stage(folder: Path, lines: Iterable[bytes | str]) -> _ImportBatch:
    batch = _ImportBatch(Staging(folder / "staging.db"))
    for line_no, raw in enumerate(lines, start=1):
        batch.add(line_no, raw)
    batch.finish()
    return batch


class _ImportBatch:
    def __init__(self, staging: Staging) -> None:
        self.staging = staging
        self.lines = 0
        self.buffers: dict[str, list[dict[str, Any]]] = {key: [] for key in repository.TABLES}
        self.buffer_lines: dict[str, list[int]] = {key: [] for key in repository.TABLES}
        self.defined: dict[str, set[str]] = {kind: set() for kind in repository.REFERABLE}
        # First line that refers to an id not (yet) defined in the file.
        self.pending: dict[tuple[str, str], int] = {}
        self.touched_sessions: set[str] = set()

    def add(self, line_no: int, raw: bytes | str) -> None:
        self.lines = line_no
        if not raw.strip():
            return
        if NUL in (raw if isinstance(raw, bytes) else raw.encode()):
            raise ImportLineError(line_no, "text contains a NUL character (\\u0000)")
        try:
            line = LINE.validate_json(raw)
        except ValidationError as exc:
            raise ImportLineError(line_no, _describe(exc)) from None
        rows, refs = TO_ROWS[line.type](line)
        defined = self.defined.get(line.type)
        if defined is not None:
            defined.add(line.id)
        if line.type == "session":
            self.touched_sessions.add(line.id)
        for kind, ref in refs:
            if kind == "session":
                self.touched_sessions.add(ref)
            if ref not in self.defined[kind]:
                self.pending.setdefault((kind, ref), line_no)
        for key, row in rows:
            self.buffers[key].append(row)
            self.buffer_lines[key].append(line_no)
            if len(self.buffers[key]) >= BATCH:
                self._flush(key)

    def finish(self) -> None:
        for key in self.buffers:
            self._flush(key)
        self.staging.db.commit()

    def _flush(self, key: str) -> None:
        rows, line_numbers = self.buffers[key], self.buffer_lines[key]
        if not rows:
            return
        try:
            repository.insert_ignoring_existing(self.staging.db, repository.TABLES[key], rows)
        except StatementError as exc:  # refused by the database, or by a column type
            raise ImportLineError(
                line_numbers[0],
                f"rejected by the database (lines {line_numbers[0]}–{line_numbers[-1]}): "
                f"{_reason(exc)}",
            ) from None
        rows.clear()
        line_numbers.clear()

    def check_references(self, db: Session) -> None:
        """Every id the file refers to but does not define must be in the database."""
        unresolved: dict[str, dict[str, int]] = {}
        for (kind, ref), line_no in self.pending.items():
            if ref not in self.defined[kind]:
                unresolved.setdefault(kind, {})[ref] = line_no
        problems = []
        for kind, refs in unresolved.items():
            for ref in repository.missing_ids(db, repository.REFERABLE[kind], refs):
                problems.append((refs[ref], kind, ref))
        if problems:
            line_no, kind, ref = min(problems)
            raise ImportLineError(
                line_no, f"{kind} {ref!r} is defined neither in this file nor in the database"
            )


def _reason(exc: StatementError) -> str:
    return str(exc.orig).splitlines()[0] if exc.orig else str(exc)


def _describe(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    location = ".".join(str(part) for part in error["loc"] if part not in repository.TABLES)
    message = error["msg"]
    return f"{location}: {message}" if location else message


def export_lines(
    db: Session, *, tz: str, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> Iterator[dict[str, Any]]:
    """Every entity as exchange-format lines, referenced entities first.

    ``start``/``end`` (inclusive/exclusive) select sessions, orders, refunds,
    reviews and complaints by their opening time; agents, customers and products
    are always exported whole so the file imports on its own.
    """
    writer = LineWriter(tz)
    for row in repository.agents(db):
        fields = writer.fields(row, ("id", "name", "role", "group_id"), {"group_id": "group"})
        yield writer.line("agent", fields)
    for row in repository.customers(db):
        fields = writer.fields(row, CUSTOMER_FIELDS)
        fields["vip_level"] = fields["vip_level"] or None
        fields["marketing_opt_out"] = fields["marketing_opt_out"] or None
        yield writer.line("customer", fields, row.extra)
    yield from _products(db, writer)
    yield from _period_lines(db, writer, start, end)


_ORDER_OUT = ("customer_id", "status", *ORDER_FIELDS)


def _products(db: Session, writer: LineWriter) -> Iterator[dict[str, Any]]:
    for chunk in _chunks(repository.products(db), 500):
        skus: dict[str, list[dict[str, Any]]] = {}
        for sku in repository.skus_of(db, [row.id for row in chunk]):
            part = writer.fields(
                sku, ("id", "attributes", "price", "stock", "actual_stock", "code")
            )
            skus.setdefault(sku.product_id, []).append(
                {key: writer.value(val) for key, val in part.items() if val is not None}
            )
        for row in chunk:
            fields = writer.fields(row, ("id", "title", "price", "stock", "attributes"))
            fields["skus"] = skus.get(row.id)
            yield writer.line("product", fields, row.extra)


def _period_lines(
    db: Session, writer: LineWriter, start: dt.datetime | None, end: dt.datetime | None
) -> Iterator[dict[str, Any]]:
    for row in repository.sessions(db, start, end):
        fields = writer.fields(
            row,
            ("id", "customer_id", "channel", "opened_at", "closed_at"),
            {"customer_id": "customer"},
        )
        yield writer.line("session", fields, row.extra)
    for row in repository.messages(db, start, end):
        fields = writer.fields(
            row,
            ("id", "session_id", "at", "sender", "agent_id", "text"),
            {"session_id": "session", "sender": "from", "agent_id": "agent"},
        )
        fields["kind"] = "card" if row.kind == "card" else None  # its card is in ``extra``
        yield writer.line("message", fields, row.extra)
    for row in repository.handoffs(db, start, end):
        yield writer.line("handoff", writer.fields(row, ("session_id", "at", "reason"), _SESSION))
    for row in repository.transfers(db, start, end):
        fields = writer.fields(
            row,
            ("session_id", "at", "from_agent_id", "to_agent_id", "reason"),
            {**_SESSION, "from_agent_id": "from_agent", "to_agent_id": "to_agent"},
        )
        yield writer.line("transfer", fields)
    yield from _orders(db, writer, start, end)
    for row in repository.refunds(db, start, end):
        fields = writer.fields(
            row,
            (
                "id",
                "order_id",
                "kind",
                "requested_at",
                "completed_at",
                "amount",
                "reason",
                "status",
            ),
            _ORDER,
        )
        yield writer.line("refund", fields, row.extra)
    for row in repository.ratings(db, start, end):
        yield writer.line(
            "rating", writer.fields(row, ("session_id", "score", "at", "comment"), _SESSION)
        )
    for row in repository.reviews(db, start, end):
        fields = writer.fields(
            row, ("id", "order_id", "rating", "at", "text", "handled_at", "revised_rating"), _ORDER
        )
        yield writer.line("review", fields, row.extra)
    for row in repository.complaints(db, start, end):
        fields = writer.fields(
            row,
            (
                "id",
                "customer_id",
                "opened_at",
                "category",
                "promised_by",
                "resolved_at",
                "order_id",
                "session_id",
                "owner_id",
                "summary",
            ),
            {"customer_id": "customer", **_ORDER, **_SESSION, "owner_id": "owner"},
        )
        yield writer.line("complaint", fields, row.extra)
    yield from _extensions(db, writer, start, end)


def _extensions(
    db: Session, writer: LineWriter, start: dt.datetime | None, end: dt.datetime | None
) -> Iterator[dict[str, Any]]:
    """Kefu's own line types (docs/history-extensions.md): re-shipping, invoices, intercepts."""
    renames = {"order_id": "order", "original_order_id": "original_order"}
    for row in repository.reships(db, start, end):
        fields = writer.fields(row, ("order_id", "original_order_id", *RESHIP_FIELDS), renames)
        yield writer.line("reship", fields, row.extra)
    renames = {"order_id": "order", "customer_id": "customer"}
    for row in repository.invoices(db, start, end):
        fields = writer.fields(row, ("order_id", "customer_id", *INVOICE_FIELDS), renames)
        yield writer.line("invoice", fields, row.extra)
    renames = {"order_id": "order", "refund_id": "refund"}
    for row in repository.intercepts(db, start, end):
        fields = writer.fields(row, ("order_id", "refund_id", *INTERCEPT_FIELDS), renames)
        yield writer.line("intercept", fields, row.extra)


_SESSION = {"session_id": "session"}
_ORDER = {"order_id": "order"}


def _orders(
    db: Session, writer: LineWriter, start: dt.datetime | None, end: dt.datetime | None
) -> Iterator[dict[str, Any]]:
    for chunk in _chunks(repository.orders(db, start, end), 500):
        ids = [row.id for row in chunk]
        items: dict[str, list[dict[str, Any]]] = {}
        for item in repository.items_of(db, ids):
            part = {
                "product": item.product_id,
                "qty": item.qty,
                "price": item.price,
                "sku": item.sku_id,
            }
            items.setdefault(item.order_id, []).append(
                {key: writer.value(val) for key, val in part.items() if val is not None}
            )
        flags: dict[str, list[dict[str, Any]]] = {}
        for flag in repository.flags_of(db, ids):
            flags.setdefault(flag.order_id, []).append(
                {
                    "colour": flag.colour,
                    "text": flag.text,
                    "author": flag.author_id,
                    "at": writer.value(flag.created_at),
                }
            )
        for row in chunk:
            fields = writer.fields(row, _ORDER_OUT, {"customer_id": "customer"})
            fields["cod"] = fields["cod"] or None
            fields["items"] = items.get(row.id)
            fields["flags"] = flags.get(row.id)
            yield writer.line("order", fields, row.extra)


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

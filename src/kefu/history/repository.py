"""Every query of the history import/export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, Select, Table, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kefu.models import (
    Agent,
    AgentGroup,
    ChatSession,
    Complaint,
    Customer,
    Handoff,
    Intercept,
    Invoice,
    Message,
    Order,
    OrderItem,
    Product,
    Rating,
    Refund,
    RemarkFlag,
    Reship,
    Review,
    Sku,
    Transfer,
)

# The tables a line may refer to, by the name the spec uses for the reference.
REFERABLE: dict[str, Table] = {
    "agent": Agent.__table__,
    "customer": Customer.__table__,
    "product": Product.__table__,
    "session": ChatSession.__table__,
    "order": Order.__table__,
    "refund": Refund.__table__,
}
TABLES: dict[str, Table] = {
    "agent_group": AgentGroup.__table__,
    "agent": Agent.__table__,
    "customer": Customer.__table__,
    "product": Product.__table__,
    "sku": Sku.__table__,
    "session": ChatSession.__table__,
    "message": Message.__table__,
    "handoff": Handoff.__table__,
    "transfer": Transfer.__table__,
    "order": Order.__table__,
    "order_item": OrderItem.__table__,
    "remark_flag": RemarkFlag.__table__,
    "refund": Refund.__table__,
    "rating": Rating.__table__,
    "review": Review.__table__,
    "complaint": Complaint.__table__,
    "reship": Reship.__table__,
    "invoice": Invoice.__table__,
    "intercept": Intercept.__table__,
}
CHUNK = 900  # stays under SQLite's bound-parameter limit for IN (...)


def insert_ignoring_existing(db: Session, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """Insert rows, skipping any whose key already exists; return how many were new."""
    if not rows:
        return 0
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # Counted with RETURNING: executemany's rowcount is not reliable on every driver.
    statement = insert(table).on_conflict_do_nothing().returning(table.primary_key.columns[0])
    return len(db.connection().execute(statement, list(rows)).all())


def missing_ids(db: Session, table: Table, ids: Iterable[str]) -> set[str]:
    """Those of ``ids`` that have no row in ``table``."""
    wanted = list(ids)
    missing = set(wanted)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        missing.difference_update(db.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return missing


def stream(db: Session, statement: Select[Any], batch: int = 2000) -> Iterator[Row[Any]]:
    result = db.execute(statement.execution_options(yield_per=batch))
    yield from result


def _in_period(column: Any, start: dt.datetime | None, end: dt.datetime | None) -> list[Any]:
    clauses = []
    if start is not None:
        clauses.append(column >= start)
    if end is not None:
        clauses.append(column < end)
    return clauses


def agents(db: Session) -> Iterator[Row[Any]]:
    return stream(db, select(Agent.__table__).order_by(Agent.id))


def customers(db: Session) -> Iterator[Row[Any]]:
    return stream(db, select(Customer.__table__).order_by(Customer.id))


def products(db: Session) -> Iterator[Row[Any]]:
    return stream(db, select(Product.__table__).order_by(Product.id))


def skus_of(db: Session, product_ids: Sequence[str]) -> list[Row[Any]]:
    return list(
        db.execute(select(Sku.__table__).where(Sku.product_id.in_(product_ids)).order_by(Sku.id))
    )


def sessions(db: Session, start: dt.datetime | None, end: dt.datetime | None) -> Iterator[Row[Any]]:
    query = select(ChatSession.__table__).where(*_in_period(ChatSession.opened_at, start, end))
    return stream(db, query.order_by(ChatSession.opened_at, ChatSession.id))


def _session_children(
    table: Table, start: dt.datetime | None, end: dt.datetime | None, *order: Any
) -> Select[Any]:
    query = select(table)
    period = _in_period(ChatSession.opened_at, start, end)
    if period:
        query = query.join(ChatSession.__table__, ChatSession.id == table.c.session_id).where(
            *period
        )
    return query.order_by(*order)


def messages(db: Session, start: dt.datetime | None, end: dt.datetime | None) -> Iterator[Row[Any]]:
    table = Message.__table__
    return stream(
        db, _session_children(table, start, end, table.c.session_id, table.c.at, table.c.id)
    )


def handoffs(db: Session, start: dt.datetime | None, end: dt.datetime | None) -> Iterator[Row[Any]]:
    table = Handoff.__table__
    return stream(db, _session_children(table, start, end, table.c.session_id, table.c.at))


def transfers(
    db: Session, start: dt.datetime | None, end: dt.datetime | None
) -> Iterator[Row[Any]]:
    table = Transfer.__table__
    return stream(
        db, _session_children(table, start, end, table.c.session_id, table.c.at, table.c.id)
    )


def ratings(db: Session, start: dt.datetime | None, end: dt.datetime | None) -> Iterator[Row[Any]]:
    table = Rating.__table__
    return stream(db, _session_children(table, start, end, table.c.session_id))


def orders(db: Session, start: dt.datetime | None, end: dt.datetime | None) -> Iterator[Row[Any]]:
    query = select(Order.__table__).where(*_in_period(Order.created_at, start, end))
    return stream(db, query.order_by(Order.created_at, Order.id))


def items_of(db: Session, order_ids: Sequence[str]) -> list[Row[Any]]:
    query = select(OrderItem.__table__).where(OrderItem.order_id.in_(order_ids))
    return list(db.execute(query.order_by(OrderItem.order_id, OrderItem.line_no)))


def flags_of(db: Session, order_ids: Sequence[str]) -> list[Row[Any]]:
    query = select(RemarkFlag.__table__).where(RemarkFlag.order_id.in_(order_ids))
    return list(
        db.execute(query.order_by(RemarkFlag.order_id, RemarkFlag.created_at, RemarkFlag.id))
    )


def refunds(db: Session, start: dt.datetime | None, end: dt.datetime | None) -> Iterator[Row[Any]]:
    query = select(Refund.__table__).where(*_in_period(Refund.requested_at, start, end))
    return stream(db, query.order_by(Refund.requested_at, Refund.id))


def reviews(db: Session, start: dt.datetime | None, end: dt.datetime | None) -> Iterator[Row[Any]]:
    query = select(Review.__table__).where(*_in_period(Review.at, start, end))
    return stream(db, query.order_by(Review.at, Review.id))


def complaints(
    db: Session, start: dt.datetime | None, end: dt.datetime | None
) -> Iterator[Row[Any]]:
    query = select(Complaint.__table__).where(*_in_period(Complaint.opened_at, start, end))
    return stream(db, query.order_by(Complaint.opened_at, Complaint.id))


def reships(db: Session, start: dt.datetime | None, end: dt.datetime | None) -> Iterator[Row[Any]]:
    query = select(Reship.__table__).where(*_in_period(Reship.created_at, start, end))
    return stream(db, query.order_by(Reship.created_at, Reship.id))


def intercepts(
    db: Session, start: dt.datetime | None, end: dt.datetime | None
) -> Iterator[Row[Any]]:
    query = select(Intercept.__table__).where(*_in_period(Intercept.requested_at, start, end))
    return stream(db, query.order_by(Intercept.requested_at, Intercept.id))


def invoices(db: Session, start: dt.datetime | None, end: dt.datetime | None) -> Iterator[Row[Any]]:
    query = select(Invoice.__table__).where(*_in_period(Invoice.requested_at, start, end))
    return stream(db, query.order_by(Invoice.requested_at, Invoice.id))


MERGE_BATCH = 2000


def merge_rows(db: Session, staging: Session) -> dict[str, int]:
    """Copy every staged row into ``session``'s database, skipping ids already
    there; return the new rows per table that had any staged."""
    created: dict[str, int] = {}
    for key, table in TABLES.items():
        result = staging.execute(select(table).execution_options(yield_per=MERGE_BATCH))
        generated = table.autoincrement_column
        for rows in result.partitions():
            values = [row._asdict() for row in rows]
            if generated is not None:  # numbered by the staging file: the database numbers them
                for value in values:
                    del value[generated.name]
            count = insert_ignoring_existing(db, table, values)
            created[key] = created.get(key, 0) + count
    return created


@contextmanager
def attached(connection: Connection, path: Path) -> Iterator[None]:
    """``path`` attached as ``staging`` (outside any transaction, as SQLite asks)."""
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("ATTACH DATABASE ? AS staging", (str(path),))
    try:
        yield
    finally:
        driver.execute("DETACH DATABASE staging")


def merge_attached(db: Session) -> dict[str, int]:
    """``merge_rows`` on SQLite with the staging file attached: one statement a table."""
    created: dict[str, int] = {}
    for key, table in TABLES.items():
        name = f'"{table.name}"'
        if not db.execute(text(f"SELECT 1 FROM staging.{name} LIMIT 1")).first():
            continue
        columns = ", ".join(
            f'"{column.name}"'
            for column in table.columns
            if column is not table.autoincrement_column
        )
        result = db.execute(
            text(
                f"INSERT INTO main.{name} ({columns}) SELECT {columns} FROM staging.{name}"
                " WHERE true ON CONFLICT DO NOTHING"
            )
        )
        created[key] = result.rowcount  # type: ignore[attr-defined]
    return created

"""Migration 0025_t16: the large unpaid orders' old ``payment_call`` tasks become the
hotline's one kind of call task, reason ``large_unpaid``, script kept."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from kefu import migrate
from kefu.db import make_engine

AT = "2026-11-10 08:00:00+00:00"


def test_payment_calls_become_hotline_calls(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kefu.db'}"
    command.upgrade(migrate.alembic_config(url), "0025_t15")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO customers (id, vip_level, marketing_opt_out) VALUES ('c1', 0, 0)")
        )
        conn.execute(
            text(
                "INSERT INTO orders (id, customer_id, status, amount, cod, created_at)"
                " VALUES ('o1', 'c1', 'unpaid', '1299.00', 0, :at)"
            ),
            {"at": AT},
        )
        for task_id, kind, order_id, key, payload in (
            ("t1", "payment_call", "o1", "call-pay:o1", '{"script": "您好"}'),
            ("t2", "payment_reminder", None, "pay:o2", "null"),
            ("t3", "payment_call", None, "call-pay:o3", "{}"),
        ):
            conn.execute(
                text(
                    "INSERT INTO tasks (id, kind, status, title, due_at, created_at, order_id,"
                    " dedupe_key, payload)"
                    " VALUES (:id, :kind, 'open', '电话催付', :at, :at, :order, :key, :payload)"
                ),
                {
                    "id": task_id,
                    "kind": kind,
                    "at": AT,
                    "order": order_id,
                    "key": key,
                    "payload": payload,
                },
            )
    migrate.upgrade(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, kind, dedupe_key, payload FROM tasks ORDER BY id"))
        got = [tuple(row) for row in rows]
    engine.dispose()
    assert got == [
        (
            "t1",
            "hotline_call",
            "hotline:large_unpaid:o1",
            '{"script": "\\u60a8\\u597d", "reason": "large_unpaid"}',
        ),
        ("t2", "payment_reminder", "pay:o2", "null"),
        ("t3", "hotline_call", "call-pay:o3", '{"reason": "large_unpaid"}'),  # no order: key kept
    ]

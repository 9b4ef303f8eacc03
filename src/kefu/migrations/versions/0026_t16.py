"""t16: call tasks are one kind — large unpaid orders' ``payment_call`` tasks become the
hotline's ``hotline_call`` tasks with reason ``large_unpaid`` (script kept); intercepts keep
an imported line's unknown fields (``intercepts.extra``)

Revision ID: 0025_t16
Revises: 0025_t15
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0025_t16"
down_revision = "0025_t15"
branch_labels = None
depends_on = None

tasks = sa.table(
    "tasks",
    sa.column("id", sa.String),
    sa.column("kind", sa.String),
    sa.column("order_id", sa.String),
    sa.column("dedupe_key", sa.String),
    sa.column("payload", sa.JSON),
)


def upgrade() -> None:
    op.add_column("intercepts", sa.Column("extra", sa.JSON(), nullable=True))
    _call_tasks()


def _call_tasks() -> None:
    """Rename the kind, name the reason, and key the task like every call task
    (``hotline:large_unpaid:<order>``) unless another task of that order holds the key."""
    bind = op.get_bind()
    taken = {key for (key,) in bind.execute(sa.select(tasks.c.dedupe_key)) if key}
    rows = bind.execute(
        sa.select(tasks.c.id, tasks.c.order_id, tasks.c.dedupe_key, tasks.c.payload)
        .where(tasks.c.kind == "payment_call")
        .order_by(tasks.c.id)
    ).all()
    for task_id, order_id, key, payload in rows:
        data = payload if isinstance(payload, dict) else json.loads(payload or "{}")
        new_key = f"hotline:large_unpaid:{order_id}"
        if order_id and new_key not in taken:
            taken.add(new_key)
            key = new_key
        bind.execute(
            tasks.update()
            .where(tasks.c.id == task_id)
            .values(kind="hotline_call", dedupe_key=key, payload={**data, "reason": "large_unpaid"})
        )


def downgrade() -> None:
    with op.batch_alter_table("intercepts") as batch:
        batch.drop_column("extra")
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(tasks.c.id, tasks.c.payload).where(tasks.c.kind == "hotline_call")
    ).all()
    for task_id, payload in rows:
        data = payload if isinstance(payload, dict) else json.loads(payload or "{}")
        if data.get("reason") == "large_unpaid":
            bind.execute(tasks.update().where(tasks.c.id == task_id).values(kind="payment_call"))

"""refund step deadlines

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 09:00:00.000000

Existing open refunds get their deadline from the scheduler's ``refund_deadlines``
(the shop's step hours are settings, read by the application, not here).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kefu.kit.types

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("due_at", kefu.kit.types.AwareDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_refunds_due_at"), ["due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refunds_due_at"))
        batch_op.drop_column("due_at")

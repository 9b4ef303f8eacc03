"""presence: agents' last sign of life, sessions' assignment time and product

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kefu.kit.types

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_seen_at", kefu.kit.types.AwareDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("auto_away", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("chat_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("assigned_at", kefu.kit.types.AwareDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("product_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("product_title", sa.String(length=255), nullable=True))
        batch_op.create_index("ix_chat_sessions_assigned", ["status", "assigned_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("chat_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_sessions_assigned")
        batch_op.drop_column("product_title")
        batch_op.drop_column("product_id")
        batch_op.drop_column("assigned_at")

    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.drop_column("auto_away")
        batch_op.drop_column("last_seen_at")

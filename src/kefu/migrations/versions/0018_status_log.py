"""status log: every change of an agent's status, append-only

Revision ID: 0018_status_log
Revises: 0017_leads
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kefu.kit.types

revision = "0018_status_log"
down_revision = "0017_leads"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agent_status_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("at", kefu.kit.types.AwareDateTime(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_agent_status_changes_agent_id_agents"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_status_changes")),
    )
    with op.batch_alter_table("agent_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agent_status_changes_agent_id"), ["agent_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("agent_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_status_changes_agent_id"))
    op.drop_table("agent_status_changes")

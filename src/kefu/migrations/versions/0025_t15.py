"""t15: handovers addressed to the next shift (handover_recipients)

Revision ID: 0025_t15
Revises: 0019_hotline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025_t15"
down_revision = "0019_hotline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handover_recipients",
        sa.Column("handover_id", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handovers.id"],
            name=op.f("fk_handover_recipients_handover_id_handovers"),
            ondelete="CASCADE",
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_handover_recipients_agent_id_agents"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("handover_id", "agent_id", name=op.f("pk_handover_recipients")),
    )
    op.create_index(
        op.f("ix_handover_recipients_agent_id"), "handover_recipients", ["agent_id"], unique=False
    )
    # Handovers written before: addressed to the writer's group, as they were shown.
    op.execute(
        "INSERT INTO handover_recipients (handover_id, agent_id) "
        "SELECT h.id, a.id FROM handovers h JOIN agents a "
        "ON a.group_id = h.group_id AND a.id <> h.agent_id"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_handover_recipients_agent_id"), table_name="handover_recipients")
    op.drop_table("handover_recipients")

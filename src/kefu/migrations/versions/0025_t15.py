"""t15: handover_recipients (the next shift), refunds.handler_id, appraisal_snapshots

Revision ID: 0025_t15
Revises: 0019_hotline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kefu.kit.types

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

    with op.batch_alter_table("refunds") as batch:
        batch.add_column(sa.Column("handler_id", sa.String(length=64), nullable=True))
        batch.create_index(op.f("ix_refunds_handler_id"), ["handler_id"], unique=False)
        batch.create_foreign_key(
            op.f("fk_refunds_handler_id_agents"),
            "agents",
            ["handler_id"],
            ["id"],
            initially="IMMEDIATE",
            deferrable=True,
        )
    # Cases before: handled by the first 售后 agent who took a step on them.
    op.execute(
        "UPDATE refunds SET handler_id = (SELECT t.actor_id FROM refund_transitions t "
        "JOIN agents a ON a.id = t.actor_id WHERE t.refund_id = refunds.id "
        "AND a.role = 'aftersale' ORDER BY t.at, t.id LIMIT 1)"
    )

    op.create_table(
        "appraisal_snapshots",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("people", sa.String(length=64), nullable=False),
        sa.Column("computed_at", kefu.kit.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("kpis", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_appraisal_snapshots")),
    )


def downgrade() -> None:
    op.drop_table("appraisal_snapshots")
    with op.batch_alter_table("refunds") as batch:
        batch.drop_constraint(op.f("fk_refunds_handler_id_agents"), type_="foreignkey")
        batch.drop_index(op.f("ix_refunds_handler_id"))
        batch.drop_column("handler_id")
    op.drop_index(op.f("ix_handover_recipients_agent_id"), table_name="handover_recipients")
    op.drop_table("handover_recipients")

"""shifts: shift templates, the rota, duties and their rotation, handovers, auto-replies

Revision ID: 0019_shifts
Revises: 0019_appraisal
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kefu.kit.types

revision = "0019_shifts"
down_revision = "0019_appraisal"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duty_rotations",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("agent_ids", sa.JSON(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_duty_rotations")),
    )
    op.create_table(
        "shift_templates",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("starts", sa.String(length=5), nullable=False),
        sa.Column("ends", sa.String(length=5), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_templates")),
        sa.UniqueConstraint("name", name=op.f("uq_shift_templates_name")),
    )
    op.create_table(
        "agent_auto_replies",
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_agent_auto_replies_agent_id_agents"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("agent_id", name=op.f("pk_agent_auto_replies")),
    )
    op.create_table(
        "duties",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_duties_agent_id_agents"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("day", "kind", name=op.f("pk_duties")),
    )
    with op.batch_alter_table("duties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duties_agent_id"), ["agent_id"], unique=False)

    op.create_table(
        "handovers",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=True),
        sa.Column("written_at", kefu.kit.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("open_items", sa.JSON(), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.Column("acknowledged_at", kefu.kit.types.AwareDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"],
            ["agents.id"],
            name=op.f("fk_handovers_acknowledged_by_agents"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_handovers_agent_id_agents"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["agent_groups.id"],
            name=op.f("fk_handovers_group_id_agent_groups"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handovers")),
    )
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handovers_agent_id"), ["agent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handovers_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handovers_written_at"), ["written_at"], unique=False)

    op.create_table(
        "rota_entries",
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("template_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_rota_entries_agent_id_agents"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["shift_templates.id"],
            name=op.f("fk_rota_entries_template_id_shift_templates"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("agent_id", "day", name=op.f("pk_rota_entries")),
    )
    with op.batch_alter_table("rota_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_entries_day"), ["day"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_rota_entries_template_id"), ["template_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("rota_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rota_entries_template_id"))
        batch_op.drop_index(batch_op.f("ix_rota_entries_day"))

    op.drop_table("rota_entries")
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handovers_written_at"))
        batch_op.drop_index(batch_op.f("ix_handovers_group_id"))
        batch_op.drop_index(batch_op.f("ix_handovers_agent_id"))

    op.drop_table("handovers")
    with op.batch_alter_table("duties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duties_agent_id"))

    op.drop_table("duties")
    op.drop_table("agent_auto_replies")
    op.drop_table("shift_templates")
    op.drop_table("duty_rotations")

"""hotline: PBX calls, applied PBX events, QC scores of calls, recordings on phone_calls

Revision ID: 0019_hotline
Revises: 0019_shifts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kefu.kit.types

revision = "0019_hotline"
down_revision = "0019_shifts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pbx_events",
        sa.Column("call_id", sa.String(length=128), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("received_at", kefu.kit.types.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("call_id", "event", name=op.f("pk_pbx_events")),
    )
    op.create_table(
        "call_reviews",
        sa.Column("phone_call_id", sa.String(length=64), nullable=False),
        sa.Column("reviewer_id", sa.String(length=64), nullable=False),
        sa.Column("reviewed_at", kefu.kit.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("quantified", sa.SmallInteger(), nullable=False),
        sa.Column("quality", sa.SmallInteger(), nullable=False),
        sa.Column("skills", sa.SmallInteger(), nullable=False),
        sa.Column("total", sa.Double(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["phone_call_id"],
            ["phone_calls.id"],
            name=op.f("fk_call_reviews_phone_call_id_phone_calls"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["agents.id"],
            name=op.f("fk_call_reviews_reviewer_id_agents"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("phone_call_id", name=op.f("pk_call_reviews")),
    )
    op.create_table(
        "hotline_calls",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("pbx_call_id", sa.String(length=128), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=True),
        sa.Column("agent_id", sa.String(length=64), nullable=True),
        sa.Column("rang_at", kefu.kit.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", kefu.kit.types.AwareDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", kefu.kit.types.AwareDateTime(timezone=True), nullable=True),
        sa.Column("phone_call_id", sa.String(length=64), nullable=True),
        sa.Column("task_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_hotline_calls_agent_id_agents"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_hotline_calls_customer_id_customers"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["phone_call_id"],
            ["phone_calls.id"],
            name=op.f("fk_hotline_calls_phone_call_id_phone_calls"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_hotline_calls_task_id_tasks"),
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_calls")),
        sa.UniqueConstraint("pbx_call_id", name=op.f("uq_hotline_calls_pbx_call_id")),
    )
    with op.batch_alter_table("hotline_calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hotline_calls_agent_id"), ["agent_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_hotline_calls_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_hotline_calls_phone"), ["phone"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_hotline_calls_phone_call_id"), ["phone_call_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_hotline_calls_rang_at"), ["rang_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_hotline_calls_state"), ["state"], unique=False)

    with op.batch_alter_table("phone_calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("recording_url", sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column("recording_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("recording_type", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("phone_calls", schema=None) as batch_op:
        batch_op.drop_column("recording_type")
        batch_op.drop_column("recording_sha256")
        batch_op.drop_column("recording_url")
        batch_op.drop_column("phone")

    with op.batch_alter_table("hotline_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hotline_calls_state"))
        batch_op.drop_index(batch_op.f("ix_hotline_calls_rang_at"))
        batch_op.drop_index(batch_op.f("ix_hotline_calls_phone_call_id"))
        batch_op.drop_index(batch_op.f("ix_hotline_calls_phone"))
        batch_op.drop_index(batch_op.f("ix_hotline_calls_customer_id"))
        batch_op.drop_index(batch_op.f("ix_hotline_calls_agent_id"))

    op.drop_table("hotline_calls")
    op.drop_table("call_reviews")
    op.drop_table("pbx_events")

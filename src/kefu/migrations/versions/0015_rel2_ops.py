"""rel2: outgoing mail claimed per recipient, the audit log, login throttles

Revision ID: 0015_rel2
Revises: 0014
Create Date: 2026-11-30 05:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kefu.kit.types

revision = "0015_rel2"
down_revision = "0014"
branch_labels = None
depends_on = None


def _at(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, kefu.kit.types.AwareDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "outgoing_mail",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _at("next_attempt_at"),
        _at("claimed_at", nullable=True),
        _at("sent_at", nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_mail")),
        sa.UniqueConstraint("key", "recipient", name=op.f("uq_outgoing_mail_key_recipient")),
    )
    op.create_index("ix_outgoing_mail_due", "outgoing_mail", ["status", "next_attempt_at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.String(length=64), nullable=False),
        _at("at"),
        sa.Column("actor_id", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_action", "audit_log", ["action", "at"])
    op.create_index(op.f("ix_audit_log_actor_id"), "audit_log", ["actor_id"])
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        _at("last_failure_at"),
        _at("locked_until", nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttles")),
    )


def downgrade() -> None:
    op.drop_table("login_throttles")
    op.drop_index(op.f("ix_audit_log_actor_id"), table_name="audit_log")
    op.drop_index("ix_audit_log_action", table_name="audit_log")
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_outgoing_mail_due", table_name="outgoing_mail")
    op.drop_table("outgoing_mail")

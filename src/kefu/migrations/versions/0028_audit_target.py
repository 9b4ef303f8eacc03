"""audit log by target: a refund's 指派 history is read on its page

Revision ID: 0028_audit_target
Revises: 0025_surge
"""

from __future__ import annotations

from alembic import op

revision = "0028_audit_target"
down_revision = "0025_surge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_log_target", "audit_log", ["target", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_target", table_name="audit_log")

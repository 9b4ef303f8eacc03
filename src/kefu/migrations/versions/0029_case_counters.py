"""case numbers staff can read out: a counter per kind and day

Revision ID: 0029_case_counters
Revises: 0028_audit_target
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0029_case_counters"
down_revision = "0028_audit_target"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_counters",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("case_counters")

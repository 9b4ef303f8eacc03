"""surge: quick phrases marked for the campaign (pinned first in surge mode)

Revision ID: 0025_surge
Revises: 0025_t16
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025_surge"
down_revision = "0025_t16"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quick_phrases") as batch:
        batch.add_column(
            sa.Column("campaign", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("quick_phrases") as batch:
        batch.drop_column("campaign")

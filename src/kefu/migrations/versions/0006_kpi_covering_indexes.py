"""kpi summaries: covering indexes for period scans

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 11:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Written out, not imported from the models: a migration stays as it was written.
SESSION_KPI_COLUMNS = [
    "opened_at",
    "customer_id",
    "buyer_messages",
    "human_messages",
    "has_bot",
    "handed",
    "first_buyer_us",
    "first_response_us",
    "burst_us",
    "bursts",
    "session_id",
]
SESSION_AGENT_KPI_COLUMNS = [
    "opened_at",
    "agent_id",
    "customer_id",
    "buyer_messages",
    "messages",
    "first_response_us",
    "burst_us",
    "bursts",
    "session_id",
]


def upgrade() -> None:
    with op.batch_alter_table("session_kpis", schema=None) as batch_op:
        batch_op.drop_index("ix_session_kpis_opened_at")
        batch_op.create_index("ix_session_kpis_period", SESSION_KPI_COLUMNS)
    with op.batch_alter_table("session_agent_kpis", schema=None) as batch_op:
        batch_op.drop_index("ix_session_agent_kpis_opened_at")
        batch_op.create_index("ix_session_agent_kpis_period", SESSION_AGENT_KPI_COLUMNS)


def downgrade() -> None:
    with op.batch_alter_table("session_agent_kpis", schema=None) as batch_op:
        batch_op.drop_index("ix_session_agent_kpis_period")
        batch_op.create_index("ix_session_agent_kpis_opened_at", ["opened_at"])
    with op.batch_alter_table("session_kpis", schema=None) as batch_op:
        batch_op.drop_index("ix_session_kpis_period")
        batch_op.create_index("ix_session_kpis_opened_at", ["opened_at"])

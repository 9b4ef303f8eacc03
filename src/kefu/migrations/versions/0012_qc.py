"""qc findings charged to an agent

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 10:00:00

Each QC finding names the agent it is charged to, so a transferred session's findings land on
the record of whoever wrote the message, not of whoever held the chat at the close. Existing
rows are filled once: a text finding from its message's author, a session finding from the
inspection's agent (the holder at the close, as they were charged before).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

FROM_MESSAGE = """
UPDATE qc_findings SET agent_id = (
    SELECT messages.agent_id FROM messages
    WHERE messages.id = qc_findings.message_id AND messages.sender = 'agent'
)
WHERE rule LIKE 'T%' AND message_id IS NOT NULL
"""
FROM_INSPECTION = """
UPDATE qc_findings SET agent_id = (
    SELECT qc_inspections.agent_id FROM qc_inspections
    WHERE qc_inspections.session_id = qc_findings.session_id
)
WHERE rule LIKE 'S%'
"""


def upgrade() -> None:
    with op.batch_alter_table("qc_findings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agent_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_qc_findings_agent_id"), ["agent_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_qc_findings_agent_id_agents"),
            "agents",
            ["agent_id"],
            ["id"],
            initially="IMMEDIATE",
            deferrable=True,
        )
    op.execute(FROM_MESSAGE)
    op.execute(FROM_INSPECTION)


def downgrade() -> None:
    with op.batch_alter_table("qc_findings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_qc_findings_agent_id_agents"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_qc_findings_agent_id"))
        batch_op.drop_column("agent_id")

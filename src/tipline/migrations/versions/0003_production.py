"""production: shared sessions and counters for several app servers

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shared_counters",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_shared_counters")),
    )
    with op.batch_alter_table("shared_counters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shared_counters_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "shared_sessions",
        sa.Column("handle", sa.String(length=80), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("handle", name=op.f("pk_shared_sessions")),
    )
    with op.batch_alter_table("shared_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shared_sessions_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("shared_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shared_sessions_expires_at"))
    op.drop_table("shared_sessions")
    with op.batch_alter_table("shared_counters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shared_counters_expires_at"))
    op.drop_table("shared_counters")

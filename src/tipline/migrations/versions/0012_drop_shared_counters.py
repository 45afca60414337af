"""drop shared_counters: counters nobody used (the login throttle keeps login_failures)

Revision ID: 0012
Revises: 0011

The table came with shared sessions (0003) for throttles and rate limits that were then built
elsewhere or not at all: only tests wrote to it. An unused table is schema to explain and a place
for data to appear unnoticed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index(op.f("ix_shared_counters_expires_at"), table_name="shared_counters")
    op.drop_table("shared_counters")


def downgrade() -> None:
    op.create_table(
        "shared_counters",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_shared_counters")),
    )
    op.create_index(op.f("ix_shared_counters_expires_at"), "shared_counters", ["expires_at"], unique=False)

"""safety codename: a seal on every source row, the day a safety codename was used, and its account's link

Revision ID: 0007
Revises: 0006

seal: every row gets one of the same length (docs/duress-design.md); rows made before this
migration get random ones here, so that old and new rows look alike.
safety_used_on (the real account) and safety_of (the safety account) stay empty until a safety
codename is used.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tipline.crypto.safety_seal import random_seal

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode: SQLite's batch mode copies and drops the table, and
    # dropping sources would cascade to every submission (foreign keys are on).
    op.add_column("sources", sa.Column("seal", sa.String(length=64), nullable=True))
    op.add_column("sources", sa.Column("safety_used_on", sa.Date(), nullable=True))
    op.add_column("sources", sa.Column("safety_of", sa.String(length=36), nullable=True))
    bind = op.get_bind()
    fill = sa.text("UPDATE sources SET seal = :seal WHERE id = :id")
    for (source_id,) in bind.execute(sa.text("SELECT id FROM sources")).all():
        bind.execute(fill, {"seal": random_seal(), "id": source_id})


def downgrade() -> None:
    for column in ("safety_of", "safety_used_on", "seal"):
        op.drop_column("sources", column)

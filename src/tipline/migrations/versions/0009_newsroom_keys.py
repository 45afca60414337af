"""newsroom keys: the newsroom recipients over time (`tipline keys rotate-newsroom`)

Revision ID: 0009
Revises: 0007

Empty at first: until the first rotation, the current recipient is tipline.toml's
newsroom_recipient, as before (the migration cannot read settings, so the first key enters
the table at the first rotation, with an unknown first day).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "newsroom_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=128), nullable=False),
        sa.Column("current_from", sa.Date(), nullable=True),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsroom_keys")),
        sa.UniqueConstraint("recipient", name=op.f("uq_newsroom_keys_recipient")),
    )
    op.create_index(op.f("ix_newsroom_keys_retired_on"), "newsroom_keys", ["retired_on"], unique=False)


def downgrade() -> None:
    # Code from before 0009 encrypts to tipline.toml's newsroom_recipient: after a rotation, put
    # the current recipient there before downgrading (`tipline keys list` shows it).
    op.drop_index(op.f("ix_newsroom_keys_retired_on"), table_name="newsroom_keys")
    op.drop_table("newsroom_keys")

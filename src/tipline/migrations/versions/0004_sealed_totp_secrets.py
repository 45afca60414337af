"""sealed TOTP secrets: room for the AES-GCM form of journalists.totp_secret

Revision ID: 0004
Revises: 0003

The migration cannot seal existing secrets: the key is derived from journalist_secret_key, which
is a setting, not part of the database. Plaintext rows are sealed at each journalist's next
login, by `tipline db upgrade` (which has the settings) and by `tipline check --repair`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("journalists", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=64), type_=sa.String(length=255), existing_nullable=False
        )


def downgrade() -> None:
    # The column keeps its width: a sealed secret (83 characters) does not fit the old one, and
    # narrowing it would fail (PostgreSQL) or keep nothing usable. Code from before 0004 cannot
    # open sealed secrets: after downgrading, reset the TOTP of every journalist created or
    # logged in since, or upgrade again.
    pass

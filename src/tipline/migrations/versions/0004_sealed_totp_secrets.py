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
    # A sealed secret (83 characters) does not fit the old column, and 0003's code could not open
    # it anyway: refuse rather than truncate every journalist's second factor.
    connection = op.get_bind()
    sealed = connection.execute(sa.text("SELECT COUNT(*) FROM journalists WHERE totp_secret LIKE 'v1:%'")).scalar()
    if sealed:
        raise RuntimeError(
            f"{sealed} journalist(s) have sealed TOTP secrets, which the older schema cannot hold: "
            "downgrading below 0004 would destroy them. Nothing was changed."
        )
    with op.batch_alter_table("journalists", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=255), type_=sa.String(length=64), existing_nullable=False
        )

"""questionnaires: the questions shown above the message, one set per source language

Revision ID: 0006
Revises: 0005

Only the questions: a source's answers are encrypted with the batch's manifest, never stored here.
No row for a language means the shipped default (tipline.questionnaires.defaults).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questionnaires",
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("language", name=op.f("pk_questionnaires")),
    )


def downgrade() -> None:
    op.drop_table("questionnaires")

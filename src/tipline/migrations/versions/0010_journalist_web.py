"""journalist web: confirmed TOTP enrolment, exact activity order, dated notes

Revision ID: 0010
Revises: 0009

journalists.totp_confirmed: an account enrolled (or whose 2FA was reset) in the web interface
logs in only after a first correct code; existing accounts are confirmed.
sources.activity_seq: the change-clock stamp of the last submission, which orders sources active
on the same day without any finer time; filled from the submissions already there.
case_notes: journalists' notes as dated entries (ciphertext only), never overwritten; an existing
note becomes the first entry, dated to its source's last activity and written by nobody known.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode (batch mode copies and drops the table: see 0005).
    op.add_column("journalists", sa.Column("totp_confirmed", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("sources", sa.Column("activity_seq", sa.BigInteger(), nullable=True))
    op.create_index(op.f("ix_sources_activity_seq"), "sources", ["activity_seq"], unique=False)
    op.execute(
        "UPDATE sources SET activity_seq = (SELECT max(change_seq) FROM submissions WHERE source_id = sources.id)"
    )
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("journalist_id", sa.Integer(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("ciphertext", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["journalist_id"],
            ["journalists.id"],
            name=op.f("fk_case_notes_journalist_id_journalists"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_case_notes_source_id_sources"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_notes")),
        sa.UniqueConstraint("uuid", name=op.f("uq_case_notes_uuid")),
    )
    op.create_index(op.f("ix_case_notes_journalist_id"), "case_notes", ["journalist_id"], unique=False)
    op.create_index(op.f("ix_case_notes_source_id"), "case_notes", ["source_id"], unique=False)
    bind = op.get_bind()
    notes = bind.execute(
        sa.text(
            "SELECT cases.source_id, cases.note_ciphertext, sources.last_activity_on FROM cases "
            "JOIN sources ON sources.id = cases.source_id WHERE cases.note_ciphertext IS NOT NULL"
        )
    ).all()
    for source_id, ciphertext, day in notes:
        bind.execute(
            sa.text(
                "INSERT INTO case_notes (uuid, source_id, journalist_id, created_on, ciphertext) "
                "VALUES (:uuid, :source_id, NULL, :day, :ciphertext)"
            ),
            {"uuid": str(uuid.uuid4()), "source_id": source_id, "day": day, "ciphertext": ciphertext},
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_case_notes_source_id"), table_name="case_notes")
    op.drop_index(op.f("ix_case_notes_journalist_id"), table_name="case_notes")
    op.drop_table("case_notes")
    op.drop_index(op.f("ix_sources_activity_seq"), table_name="sources")
    # Plain DROP COLUMN (SQLite 3.35+), never batch mode, which would drop and cascade the table.
    op.drop_column("sources", "activity_seq")
    op.drop_column("journalists", "totp_confirmed")

"""seen_by per journalist, and tombstones so that ?since= sync reports deletions

Revision ID: 0011
Revises: 0010

seen_submissions / seen_replies: which journalist has seen which item (no time at all); they go
with their item (ON DELETE CASCADE). Submissions marked read before this revision were read for
the whole newsroom: each journalist is recorded as having seen them, so no unread count jumps.
tombstones: kind, SHA-256 of the uuid, and stamp of each deleted source, submission or reply, purged after
tipline.tombstones.KEEP_DAYS days; change_clock.purged_through: the highest purged stamp.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seen_submissions",
        sa.Column("journalist_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["journalist_id"],
            ["journalists.id"],
            name=op.f("fk_seen_submissions_journalist_id_journalists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_seen_submissions_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("journalist_id", "submission_id", name=op.f("pk_seen_submissions")),
    )
    op.create_index(op.f("ix_seen_submissions_submission_id"), "seen_submissions", ["submission_id"], unique=False)
    op.create_table(
        "seen_replies",
        sa.Column("journalist_id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["journalist_id"],
            ["journalists.id"],
            name=op.f("fk_seen_replies_journalist_id_journalists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reply_id"], ["replies.id"], name=op.f("fk_seen_replies_reply_id_replies"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("journalist_id", "reply_id", name=op.f("pk_seen_replies")),
    )
    op.create_index(op.f("ix_seen_replies_reply_id"), "seen_replies", ["reply_id"], unique=False)
    op.create_table(
        "tombstones",
        sa.Column("change_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("uuid_sha256", sa.String(length=64), nullable=False),
        sa.Column("deleted_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("change_seq", name=op.f("pk_tombstones")),
    )
    op.create_index("ix_tombstones_kind_change_seq", "tombstones", ["kind", "change_seq"], unique=False)
    op.create_index(op.f("ix_tombstones_deleted_on"), "tombstones", ["deleted_on"], unique=False)
    # Plain ADD COLUMN (never batch mode, see 0005).
    op.add_column("change_clock", sa.Column("purged_through", sa.BigInteger(), nullable=False, server_default="0"))
    op.execute(
        "INSERT INTO seen_submissions (journalist_id, submission_id)"
        " SELECT journalists.id, submissions.id FROM journalists, submissions WHERE submissions.is_read"
    )


def downgrade() -> None:
    op.drop_column("change_clock", "purged_through")
    op.drop_index(op.f("ix_tombstones_deleted_on"), table_name="tombstones")
    op.drop_index("ix_tombstones_kind_change_seq", table_name="tombstones")
    op.drop_table("tombstones")
    op.drop_index(op.f("ix_seen_replies_reply_id"), table_name="seen_replies")
    op.drop_table("seen_replies")
    op.drop_index(op.f("ix_seen_submissions_submission_id"), table_name="seen_submissions")
    op.drop_table("seen_submissions")

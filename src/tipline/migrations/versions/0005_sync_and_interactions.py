"""sync and interactions: a change sequence for ?since= sync, and SecureDrop's interaction numbers

Revision ID: 0005
Revises: 0004

change_seq: every source, submission and reply carries the stamp of its last change, taken from
change_clock (see tipline.sequence), so that a client syncing with ?since= never skips one.
interaction: the per-source number SecureDrop's clients expect in filenames ("3-brave_otter-msg.age"),
counted in sources.interaction_count. Existing rows are numbered here, in the order they came.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TABLES = ("sources", "submissions", "replies")


def upgrade() -> None:
    op.create_table(
        "change_clock",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_clock")),
    )
    # Plain ADD COLUMN, never batch mode: SQLite's batch mode copies and drops the table, and
    # dropping sources would cascade to every submission (foreign keys are on).
    op.add_column("sources", sa.Column("interaction_count", sa.Integer(), nullable=False, server_default="0"))
    for table in ("submissions", "replies"):
        op.add_column(table, sa.Column("interaction", sa.Integer(), nullable=False, server_default="0"))
    for table in _TABLES:
        # The default only fills existing rows until _backfill numbers them; the code always sets it.
        op.add_column(table, sa.Column("change_seq", sa.BigInteger(), nullable=False, server_default="0"))
    _backfill(op.get_bind())
    for table in _TABLES:
        op.create_index(op.f(f"ix_{table}_change_seq"), table, ["change_seq"], unique=True)


def _backfill(bind: sa.engine.Connection) -> None:
    stamp = 0
    counts: dict[int, int] = {}
    items = [
        (str(day), 0, row_id, source_id, "submissions")
        for row_id, source_id, day in bind.execute(sa.text("SELECT id, source_id, received_on FROM submissions"))
    ] + [
        (str(day), 1, row_id, source_id, "replies")
        for row_id, source_id, day in bind.execute(sa.text("SELECT id, source_id, sent_on FROM replies"))
    ]
    for _day, _kind, row_id, source_id, table in sorted(items):
        counts[source_id] = counts.get(source_id, 0) + 1
        stamp += 1
        bind.execute(
            sa.text(f"UPDATE {table} SET interaction = :n, change_seq = :s WHERE id = :id"),  # noqa: S608 — fixed names
            {"n": counts[source_id], "s": stamp, "id": row_id},
        )
    for (source_id,) in bind.execute(sa.text("SELECT id FROM sources ORDER BY id")).all():
        stamp += 1
        bind.execute(
            sa.text("UPDATE sources SET interaction_count = :n, change_seq = :s WHERE id = :id"),
            {"n": counts.get(source_id, 0), "s": stamp, "id": source_id},
        )
    bind.execute(sa.text("INSERT INTO change_clock (id, value) VALUES (1, :v)"), {"v": stamp})


def downgrade() -> None:
    for table in _TABLES:
        op.drop_index(op.f(f"ix_{table}_change_seq"), table_name=table)
        op.drop_column(table, "change_seq")
        op.drop_column(table, "interaction_count" if table == "sources" else "interaction")
    op.drop_table("change_clock")

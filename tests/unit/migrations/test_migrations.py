"""Migrations upgrade an empty database and one holding data, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyotp
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import tipline.models  # noqa: F401  (registers every table)
from tipline.config import Settings
from tipline.crypto.passphrases import PassphraseHasher
from tipline.crypto.totp_at_rest import TotpSecretSealer
from tipline.db import Base, make_engine
from tipline.migrations.runner import alembic_config, downgrade, upgrade
from tipline.services import Services, build_services

FIRST = "0001"
JOURNALIST_UUID = "00000000-0000-4000-8000-000000000001"


def _head(url: str) -> str:
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert head is not None
    return head


def _current(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _prepare(tmp_path: Path) -> None:
    """The SQLite variant of the database_url fixture lives in tmp_path/data."""
    (tmp_path / "data").mkdir(exist_ok=True)


def test_upgrade_of_an_empty_database_matches_the_models(database_url: str, tmp_path: Path) -> None:
    """After `upgrade head` the schema is exactly what the models declare: no drift."""
    _prepare(tmp_path)
    upgrade(database_url)
    assert _head(database_url) == _current(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert [] == differences


def test_upgrade_keeps_existing_data(database_url: str, tmp_path: Path) -> None:
    """A database created by the first migration, holding a source and its material, upgrades to
    head with every row intact."""
    _prepare(tmp_path)
    # Given a database at the first revision with data in it
    upgrade(database_url, FIRST)
    engine = make_engine(database_url)
    day = datetime.date(2026, 1, 2)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO sources (id, uuid, designation, lookup, recipient, created_on, last_activity_on) "
                "VALUES (1, 'u-1', 'brave-otter', :lookup, 'age1x', :day, :day)"
            ),
            {"lookup": "a" * 64, "day": day},
        )
        connection.execute(
            sa.text(
                "INSERT INTO batches (id, uuid, source_id, manifest_blob, manifest_size, manifest_sha256, received_on) "
                "VALUES (1, 'b-1', 1, :blob, 10, :sha, :day)"
            ),
            {"blob": "b" * 32, "sha": "c" * 64, "day": day},
        )
        connection.execute(
            sa.text(
                "INSERT INTO submissions (id, uuid, source_id, batch_id, kind, blob, size, sha256, received_on, "
                "is_read) VALUES (1, 's-1', 1, 1, 'message', :blob, 20, :sha, :day, :read)"
            ),
            {"blob": "d" * 32, "sha": "e" * 64, "day": day, "read": False},
        )
    engine.dispose()

    # When it is upgraded to head
    upgrade(database_url)

    # Then the rows are still there, unchanged
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            sources = connection.execute(sa.text("SELECT designation, last_activity_on FROM sources")).all()
            submissions = connection.execute(sa.text("SELECT blob, size FROM submissions")).all()
    finally:
        engine.dispose()
    assert [("brave-otter", day)] == [(name, _as_date(value)) for name, value in sources]
    assert [("d" * 32, 20)] == [tuple(row) for row in submissions]
    assert _head(database_url) == _current(database_url)


def test_downgrade_to_the_first_revision_and_back(database_url: str, tmp_path: Path) -> None:
    _prepare(tmp_path)
    upgrade(database_url)
    downgrade(database_url, FIRST)
    assert FIRST == _current(database_url)
    upgrade(database_url)
    assert _head(database_url) == _current(database_url)


def _as_date(value: object) -> datetime.date:
    # SQLite hands back the ISO text of a DATE column read through raw SQL.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def test_0004_keeps_a_plaintext_totp_secret_which_the_service_then_seals(database_url: str, settings: Settings) -> None:
    """A journalist created before 0004 (plaintext TOTP secret in a 64-character column) keeps the
    secret through the upgrade; the next login with it works and leaves it sealed."""
    # Given a database at 0003 holding a journalist with a plaintext secret
    upgrade(database_url, "0003")
    secret = pyotp.random_base32()
    hasher = PassphraseHasher(1, 1024, 1)
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO journalists (id, uuid, username, passphrase_hash, totp_secret, totp_last_step, "
                "is_admin, is_active, created_on, session_generation) "
                "VALUES (1, :uuid, 'kim', :hash, :secret, 0, :no, :yes, :day, 0)"
            ),
            {
                "uuid": JOURNALIST_UUID,
                "hash": hasher.hash("old passphrase"),
                "secret": secret,
                "no": False,
                "yes": True,
                "day": datetime.date(2026, 1, 2),
            },
        )
    engine.dispose()

    # When it is upgraded to head, the value is untouched (the migration has no key)
    upgrade(database_url)
    assert _head(database_url) == _current(database_url)
    assert secret == _totp_column(database_url)

    # Then a login with the old secret succeeds and seals it, bound to the journalist
    services = build_services(settings)
    try:
        assert services.journalists.login("kim", "old passphrase", pyotp.TOTP(secret).now()) is not None
    finally:
        services.close()
    stored = _totp_column(database_url)
    assert stored.startswith("v1:")
    assert secret == TotpSecretSealer(settings.journalist_secret_key).open(stored, JOURNALIST_UUID)


def test_a_downgrade_below_0004_keeps_sealed_secrets_whole(database_url: str, services: Services) -> None:
    """The old column could not hold a sealed secret: downgrading keeps the width rather than
    truncate every journalist's second factor, and upgrading again finds it intact."""
    created = services.journalists.add("kim")
    sealed = _totp_column(database_url)
    downgrade(database_url, "0003")
    assert "0003" == _current(database_url)
    assert sealed == _totp_column(database_url)
    upgrade(database_url)
    assert sealed == _totp_column(database_url)
    code = pyotp.TOTP(created.totp_secret).now()
    assert services.journalists.authenticate("kim", created.passphrase, code) is not None


def _totp_column(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(sa.text("SELECT totp_secret FROM journalists")).scalar_one())
    finally:
        engine.dispose()


def test_0010_keeps_the_note_as_a_first_entry_and_orders_by_the_last_submission(
    database_url: str, tmp_path: Path
) -> None:
    _prepare(tmp_path)
    upgrade(database_url, "0005")
    engine = make_engine(database_url)
    day = datetime.date(2026, 1, 2)
    with engine.begin() as connection:
        for source_id in (1, 2):
            connection.execute(
                sa.text(
                    "INSERT INTO sources (id, uuid, designation, lookup, recipient, created_on, last_activity_on, "
                    "change_seq) VALUES (:id, :uuid, :name, :lookup, 'age1x', :day, :day, :id)"
                ),
                {
                    "id": source_id,
                    "uuid": f"u-{source_id}",
                    "name": f"name-{source_id}",
                    "lookup": str(source_id) * 64,
                    "day": day,
                },
            )
        connection.execute(
            sa.text(
                "INSERT INTO batches (id, uuid, source_id, manifest_blob, manifest_size, manifest_sha256, received_on) "
                "VALUES (1, 'b-1', 1, :blob, 10, :sha, :day)"
            ),
            {"blob": "b" * 32, "sha": "c" * 64, "day": day},
        )
        for sub_id, seq in ((1, 10), (2, 12)):
            connection.execute(
                sa.text(
                    "INSERT INTO submissions (id, uuid, source_id, batch_id, kind, blob, size, sha256, received_on, "
                    "is_read, change_seq) VALUES (:id, :uuid, 1, 1, 'message', :blob, 20, :sha, :day, :read, :seq)"
                ),
                {
                    "id": sub_id,
                    "uuid": f"s-{sub_id}",
                    "blob": str(sub_id) * 32,
                    "sha": "e" * 64,
                    "day": day,
                    "read": False,
                    "seq": seq,
                },
            )
        connection.execute(
            sa.text("INSERT INTO cases (source_id, status, starred, note_ciphertext) VALUES (1, 'new', :f, 'ARMORED')"),
            {"f": False},
        )
        connection.execute(
            sa.text(
                "INSERT INTO journalists (id, uuid, username, passphrase_hash, totp_secret, totp_last_step, "
                "is_admin, is_active, created_on, session_generation) "
                "VALUES (1, :uuid, 'kim', 'hash', 'secret', 0, :no, :yes, :day, 0)"
            ),
            {"uuid": JOURNALIST_UUID, "no": False, "yes": True, "day": day},
        )
    engine.dispose()

    upgrade(database_url)

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            activity = dict(connection.execute(sa.text("SELECT id, activity_seq FROM sources")).all())
            notes = connection.execute(
                sa.text("SELECT source_id, journalist_id, created_on, ciphertext FROM case_notes")
            ).all()
            confirmed = connection.execute(sa.text("SELECT count(*) FROM journalists WHERE totp_confirmed")).scalar()
    finally:
        engine.dispose()
    assert {1: 12, 2: None} == activity
    assert [(1, None, day, "ARMORED")] == [(s, j, _as_date(d), c) for s, j, d, c in notes]
    assert 1 == confirmed  # an account from before logs in as it did

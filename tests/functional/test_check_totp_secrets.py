"""`tipline check` reports TOTP secrets left in plaintext (from before migration 0004) and sealed
ones that do not open; `--repair` and `tipline db upgrade` seal the plaintext ones."""

from __future__ import annotations

from pathlib import Path

import pyotp
from sqlalchemy import text

from tests.factories.live import LiveInstance, prepare_instance
from tests.factories.postgres import live_environment
from tipline.config import load_settings
from tipline.crypto.totp_at_rest import TotpSecretSealer
from tipline.db import make_engine
from tipline.services import TOTP_SEALED_MARKER


def _column(instance: LiveInstance, value: str | None = None) -> str:
    """The journalist's totp_secret as stored; with ``value``, store that first (as a copy of an
    older database, or damage, would)."""
    engine = make_engine(load_settings(instance.data_dir, environ=instance.env).effective_database_url)
    if value is not None and not value.startswith("v1:"):
        # An older instance's database: it never had every secret sealed, so it has no marker.
        (instance.data_dir / TOTP_SEALED_MARKER).unlink(missing_ok=True)
    try:
        with engine.begin() as connection:
            if value is not None:
                connection.execute(text("UPDATE journalists SET totp_secret = :value"), {"value": value})
            return str(connection.execute(text("SELECT totp_secret FROM journalists")).scalar_one())
    finally:
        engine.dispose()


def _uuid(instance: LiveInstance) -> str:
    engine = make_engine(load_settings(instance.data_dir, environ=instance.env).effective_database_url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SELECT uuid FROM journalists")).scalar_one())
    finally:
        engine.dispose()


def test_plaintext_secrets_are_reported_and_sealed_unreadable_ones_reported(tmp_path: Path, database_url: str) -> None:
    instance = prepare_instance(tmp_path / "cli", extra_env=live_environment(database_url))
    created = instance.add_journalist("kim")
    settings = load_settings(instance.data_dir, environ=instance.env)
    sealer = TotpSecretSealer(settings.journalist_secret_key)
    journalist_uuid = _uuid(instance)
    assert created["totp_secret"] == sealer.open(_column(instance), journalist_uuid)
    assert 0 == instance.cli("check").returncode

    # A secret left in plaintext by an older version is reported, and check alone changes nothing
    _column(instance, created["totp_secret"])
    result = instance.cli("check", check=False)
    assert 1 == result.returncode
    assert "TOTP secret stored in plaintext: journalist kim" in result.stdout
    assert created["totp_secret"] not in result.stdout + result.stderr
    assert created["totp_secret"] == _column(instance)

    # --repair seals it, bound to the journalist, and the instance is clean again
    result = instance.cli("check", "--repair", check=False)
    assert 0 == result.returncode, result.stdout + result.stderr
    assert "sealed the TOTP secret of journalist kim" in result.stdout
    assert "The database and the store agree." == result.stdout.splitlines()[-1]
    assert created["totp_secret"] == sealer.open(_column(instance), journalist_uuid)

    # `tipline db upgrade` seals as well (it has the settings, which the migration has not)
    _column(instance, created["totp_secret"])
    result = instance.cli("db", "upgrade")
    assert "Sealed 1 TOTP secret(s) stored in plaintext." in result.stdout
    assert created["totp_secret"] == sealer.open(_column(instance), journalist_uuid)
    assert "Sealed" not in instance.cli("db", "upgrade").stdout

    # A sealed value that does not open (another key, another account, damage) is reported; repair
    # cannot help it and leaves it alone
    foreign = TotpSecretSealer("another instance's key").seal(pyotp.random_base32(), journalist_uuid)
    _column(instance, foreign)
    for args in (["check"], ["check", "--repair"]):
        result = instance.cli(*args, check=False)
        assert 1 == result.returncode
        assert "TOTP secret that does not open with this journalist_secret_key: journalist kim" in result.stdout
    assert foreign == _column(instance)


def test_check_says_plaintext_secrets_are_refused_and_reports_one_written_from_outside(
    tmp_path: Path, database_url: str
) -> None:
    instance = prepare_instance(tmp_path / "cli", extra_env=live_environment(database_url))
    instance.add_journalist("kim")
    result = instance.cli("check")
    assert "Every TOTP secret has been sealed: plaintext secrets in the database are refused at login." in (
        result.stdout
    )
    # A database writer sets a secret of their own: refused, reported, and --repair does not seal it.
    chosen = pyotp.random_base32()
    engine = make_engine(load_settings(instance.data_dir, environ=instance.env).effective_database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE journalists SET totp_secret = :value"), {"value": chosen})
    finally:
        engine.dispose()
    for args in (["check"], ["check", "--repair"]):
        result = instance.cli(*args, check=False)
        assert 1 == result.returncode
        assert "TOTP secret stored in plaintext although every secret was sealed: journalist kim" in result.stdout
    assert chosen == _column(instance)

"""JournalistService keeps TOTP secrets sealed in the database, and seals legacy plaintext ones."""

from __future__ import annotations

import logging

import pyotp
import pytest
from sqlalchemy import select, update

from tests.factories.journalists import current_code, make_journalist
from tipline.crypto.totp_at_rest import TotpSecretSealer
from tipline.journalists.models import Journalist
from tipline.services import TOTP_SEALED_MARKER, Services, build_services


def _open(services: Services, stored: str, journalist_uuid: str) -> str:
    return TotpSecretSealer(services.settings.journalist_secret_key).open(stored, journalist_uuid)


def _stored(services: Services, username: str) -> tuple[str, str]:
    """(uuid, totp_secret column) of a journalist, as a copy of the database would show them."""
    with services.sessions() as session:
        row = session.execute(
            select(Journalist.uuid, Journalist.totp_secret).where(Journalist.username == username)
        ).one()
    return row.uuid, row.totp_secret


def _store_plaintext(services: Services, username: str, secret: str) -> None:
    """What a database from before migration 0004 holds (on an instance that never had every
    secret sealed, so without the marker)."""
    (services.settings.data_dir / TOTP_SEALED_MARKER).unlink(missing_ok=True)
    with services.sessions.begin() as session:
        session.execute(update(Journalist).where(Journalist.username == username).values(totp_secret=secret))


def test_a_new_journalist_s_secret_is_stored_sealed_to_that_journalist(services: Services) -> None:
    created = make_journalist(services)
    journalist_uuid, stored = _stored(services, "reporter")
    assert stored.startswith("v1:")
    assert created.totp_secret not in stored
    assert created.totp_secret == _open(services, stored, journalist_uuid)
    assert created.uuid == journalist_uuid
    assert services.journalists.authenticate("reporter", created.passphrase, current_code(created)) is not None


def test_a_reset_secret_is_stored_sealed_and_replaces_the_old_one(services: Services) -> None:
    created = make_journalist(services)
    _, before = _stored(services, "reporter")
    second = services.journalists.reset_totp(created.uuid)
    journalist_uuid, stored = _stored(services, "reporter")
    assert before != stored
    assert second.totp_secret not in stored
    assert second.totp_secret == _open(services, stored, journalist_uuid)
    code = pyotp.TOTP(second.totp_secret).now()
    assert services.journalists.authenticate("reporter", created.passphrase, code) is not None


def test_a_legacy_plaintext_secret_works_once_more_and_is_sealed_at_that_login(services: Services) -> None:
    created = make_journalist(services)
    _store_plaintext(services, "reporter", created.totp_secret)
    assert [] == services.journalists.totp_secrets_at_rest().unreadable
    assert ["reporter"] == services.journalists.totp_secrets_at_rest().plaintext

    # A failed login changes nothing: only a right code proves the secret is the one in use.
    assert services.journalists.login("reporter", created.passphrase + "x", current_code(created)) is None
    assert created.totp_secret == _stored(services, "reporter")[1]

    # One code for the login and the replay below: a second current_code() could fall in the next
    # 30-second window on a slow machine and be a new, valid code rather than a replay.
    code = current_code(created)
    assert services.journalists.login("reporter", created.passphrase, code) is not None
    journalist_uuid, stored = _stored(services, "reporter")
    assert stored.startswith("v1:")
    assert created.totp_secret == _open(services, stored, journalist_uuid)
    assert [] == services.journalists.totp_secrets_at_rest().plaintext
    # The code just used stays used: sealing did not reset the replay guard.
    assert services.journalists.authenticate("reporter", created.passphrase, code) is None


def test_a_sealed_secret_copied_onto_another_account_does_not_log_in(services: Services) -> None:
    victim = make_journalist(services, "victim")
    attacker = make_journalist(services, "attacker")
    _, attackers_sealed = _stored(services, "attacker")
    # Someone who can write to the database (and knows the victim's passphrase) gives the victim
    # the attacker's sealed secret, whose codes the attacker can compute.
    _store_plaintext(services, "victim", attackers_sealed)
    assert services.journalists.authenticate("victim", victim.passphrase, current_code(attacker)) is None
    assert ["victim"] == services.journalists.totp_secrets_at_rest().unreadable


def test_after_the_key_changes_logins_fail_until_totp_is_reset(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    created = make_journalist(services)
    rotated = build_services(services.settings.replace(journalist_secret_key="a-new-journalist-secret-key"))
    try:
        with caplog.at_level(logging.WARNING, logger="tipline.journalists.service"):
            assert rotated.journalists.authenticate("reporter", created.passphrase, current_code(created)) is None
        assert ["reporter"] == rotated.journalists.totp_secrets_at_rest().unreadable
        # The log tells the operator what happened and names no one.
        assert 1 == len(caplog.records)
        assert "journalist_secret_key has changed" in caplog.text
        assert "reporter" not in caplog.text
        assert created.uuid not in caplog.text

        second = rotated.journalists.reset_totp(created.uuid)
        assert [] == rotated.journalists.totp_secrets_at_rest().unreadable
        code = pyotp.TOTP(second.totp_secret).now()
        assert rotated.journalists.authenticate("reporter", created.passphrase, code) is not None
    finally:
        rotated.close()


def test_every_plaintext_secret_can_be_sealed_at_once(services: Services) -> None:
    first = make_journalist(services, "first")
    second = make_journalist(services, "second")
    make_journalist(services, "third")
    _store_plaintext(services, "first", first.totp_secret)
    _store_plaintext(services, "second", second.totp_secret)
    _, third_before = _stored(services, "third")

    assert ["first", "second"] == services.journalists.seal_plaintext_totp_secrets()

    sealer = TotpSecretSealer(services.settings.journalist_secret_key)
    for created in (first, second):
        journalist_uuid, stored = _stored(services, created.username)
        assert created.totp_secret == sealer.open(stored, journalist_uuid)
    assert third_before == _stored(services, "third")[1]  # already sealed: left alone
    assert ([], []) == (
        services.journalists.totp_secrets_at_rest().plaintext,
        services.journalists.totp_secrets_at_rest().unreadable,
    )
    assert [] == services.journalists.seal_plaintext_totp_secrets()


def test_once_every_secret_was_sealed_a_plaintext_secret_is_refused(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """Whoever can write the database but not read tipline.toml must not set a secret of their own."""
    created = make_journalist(services)
    assert services.journalists.plaintext_refused()  # sealed from the start: the marker is there
    chosen = pyotp.random_base32()
    with services.sessions.begin() as session:  # a database writer, without the configuration
        session.execute(update(Journalist).where(Journalist.username == "reporter").values(totp_secret=chosen))
    with caplog.at_level(logging.WARNING):
        assert services.journalists.authenticate("reporter", created.passphrase, pyotp.TOTP(chosen).now()) is None
    assert "plaintext although every secret was sealed: refused" in caplog.text
    assert [] == services.journalists.seal_plaintext_totp_secrets()  # never made legitimate
    assert chosen == _stored(services, "reporter")[1]
    assert ["reporter"] == services.journalists.totp_secrets_at_rest().plaintext


def test_the_marker_is_written_once_the_last_legacy_secret_is_sealed(services: Services) -> None:
    created = make_journalist(services)
    _store_plaintext(services, "reporter", created.totp_secret)
    assert not services.journalists.plaintext_refused()
    assert services.journalists.authenticate("reporter", created.passphrase, current_code(created)) is not None
    assert services.journalists.plaintext_refused()

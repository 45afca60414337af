"""JournalistService: accounts, passphrase + TOTP (each code once), API tokens."""

from __future__ import annotations

import datetime
import time

import pyotp
import pytest
from sqlalchemy import select, update

from tests.factories.journalists import current_code, make_journalist
from tipline.crypto.age import generate_identity
from tipline.crypto.passphrases import PassphraseHasher
from tipline.crypto.totp_at_rest import TotpSecretSealer
from tipline.errors import JournalistError
from tipline.journalists.models import ApiToken, Journalist
from tipline.journalists.service import JournalistService
from tipline.services import Services


def away_from_a_step_boundary() -> None:
    """Tests that compute a code for a neighbouring step must not straddle a 30 s boundary."""
    remaining = 30 - time.time() % 30
    if remaining < 2:
        time.sleep(remaining + 0.05)


def test_add_returns_credentials_once_and_stores_only_a_hash(services: Services) -> None:
    created = make_journalist(services, "reporter", is_admin=True)
    assert 7 == len(created.passphrase.split(" "))
    assert created.is_admin is True
    assert created.totp_uri.startswith("otpauth://totp/Tipline:reporter?")
    with services.sessions() as session:
        row = session.scalars(select(Journalist)).one()
    assert created.passphrase not in row.passphrase_hash
    assert row.passphrase_hash.startswith("$argon2id$")
    assert 1 == services.journalists.count()


@pytest.mark.parametrize(
    "username",
    ["", "a", "Reporter", "has space", "../etc", "-dash", ".dot", "x" * 65, "rëporter", "name\n", "a/b"],
)
def test_bad_usernames_are_refused(services: Services, username: str) -> None:
    with pytest.raises(JournalistError, match="usernames are"):
        services.journalists.add(username)
    assert 0 == services.journalists.count()


@pytest.mark.parametrize("username", ["ab", "jo.kim", "desk_2", "x" * 64, "9lives"])
def test_good_usernames_are_accepted(services: Services, username: str) -> None:
    assert username == services.journalists.add(username).username


def test_a_duplicate_username_is_refused(services: Services) -> None:
    make_journalist(services, "reporter")
    with pytest.raises(JournalistError, match="exists already"):
        make_journalist(services, "reporter")
    assert 1 == services.journalists.count()


def test_the_right_passphrase_and_code_authenticate(services: Services) -> None:
    created = make_journalist(services)
    view = services.journalists.authenticate("reporter", created.passphrase, current_code(created))
    assert view is not None
    assert ("reporter", created.uuid, True) == (view.username, view.uuid, view.is_active)


def test_a_code_is_good_only_once(services: Services) -> None:
    """A code seen over a shoulder or replayed from a log is useless once it was used."""
    created = make_journalist(services)
    away_from_a_step_boundary()
    code = current_code(created)
    assert services.journalists.authenticate("reporter", created.passphrase, code) is not None
    assert services.journalists.authenticate("reporter", created.passphrase, code) is None
    # Nor does an older code work once a newer one was accepted.
    earlier = current_code(created, step_offset=-1)
    assert services.journalists.authenticate("reporter", created.passphrase, earlier) is None


@pytest.mark.parametrize("offset", [-1, 1])
def test_one_step_of_clock_drift_is_tolerated(services: Services, offset: int) -> None:
    created = make_journalist(services)
    away_from_a_step_boundary()
    code = current_code(created, step_offset=offset)
    assert services.journalists.authenticate("reporter", created.passphrase, code) is not None


@pytest.mark.parametrize("offset", [-2, 2, -10])
def test_more_drift_is_refused(services: Services, offset: int) -> None:
    created = make_journalist(services)
    away_from_a_step_boundary()
    code = current_code(created, step_offset=offset)
    assert services.journalists.authenticate("reporter", created.passphrase, code) is None


def test_spaces_inside_a_code_are_forgiven(services: Services) -> None:
    created = make_journalist(services)
    code = current_code(created)
    assert services.journalists.authenticate("reporter", created.passphrase, f" {code[:3]} {code[3:]} ") is not None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34"])
def test_malformed_codes_are_refused(services: Services, code: str) -> None:
    created = make_journalist(services)
    assert services.journalists.authenticate("reporter", created.passphrase, code) is None


def test_a_wrong_passphrase_is_refused_even_with_a_good_code(services: Services) -> None:
    created = make_journalist(services)
    code = current_code(created)
    assert services.journalists.authenticate("reporter", created.passphrase + "x", code) is None
    # The code was not spent by the failed attempt.
    assert services.journalists.authenticate("reporter", created.passphrase, code) is not None


def test_an_unknown_username_is_refused(services: Services) -> None:
    created = make_journalist(services)
    assert services.journalists.authenticate("someone", created.passphrase, current_code(created)) is None


def test_an_inactive_journalist_is_refused(services: Services) -> None:
    created = make_journalist(services)
    with services.sessions.begin() as session:
        session.execute(update(Journalist).values(is_active=False))
    assert services.journalists.authenticate("reporter", created.passphrase, current_code(created)) is None


def test_a_token_identifies_its_journalist_until_revoked(services: Services) -> None:
    created = make_journalist(services)
    view = services.journalists.authenticate("reporter", created.passphrase, current_code(created))
    assert view is not None
    issued = services.journalists.issue_token(view)
    assert created.uuid == issued.journalist_uuid
    assert view == services.journalists.journalist_for_token(issued.token)
    services.journalists.revoke_token(issued.token)
    assert services.journalists.journalist_for_token(issued.token) is None
    services.journalists.revoke_token(issued.token)  # twice is harmless


def test_the_database_holds_only_token_hashes(services: Services) -> None:
    created = make_journalist(services)
    view = services.journalists.authenticate("reporter", created.passphrase, current_code(created))
    assert view is not None
    issued = services.journalists.issue_token(view)
    with services.sessions() as session:
        stored = session.scalars(select(ApiToken.token_hash)).one()
    assert issued.token != stored
    assert issued.token not in stored


def test_a_token_expires(services: Services) -> None:
    created = make_journalist(services)
    view = services.journalists.authenticate("reporter", created.passphrase, current_code(created))
    assert view is not None
    lifetime = datetime.timedelta(hours=services.settings.api_token_hours)
    issued = services.journalists.issue_token(view)
    # Rounded up to the hour (a row must not keep the second of a login): one hour more at most.
    left = issued.expires_at - datetime.datetime.now(datetime.UTC)
    assert lifetime - datetime.timedelta(minutes=1) < left <= lifetime + datetime.timedelta(hours=1)
    short_lived = JournalistService(
        services.sessions,
        PassphraseHasher(1, 1024, 1),
        [],
        datetime.timedelta(hours=-2),
        totp_sealer=TotpSecretSealer(services.settings.journalist_secret_key),
    ).issue_token(view)
    assert services.journalists.journalist_for_token(short_lived.token) is None
    assert view == services.journalists.journalist_for_token(issued.token)


def test_a_token_stops_working_when_its_journalist_is_deactivated(services: Services) -> None:
    created = make_journalist(services)
    view = services.journalists.authenticate("reporter", created.passphrase, current_code(created))
    assert view is not None
    issued = services.journalists.issue_token(view)
    with services.sessions.begin() as session:
        session.execute(update(Journalist).values(is_active=False))
    assert services.journalists.journalist_for_token(issued.token) is None


def test_unknown_tokens_identify_nobody(services: Services) -> None:
    assert services.journalists.journalist_for_token("not-a-token") is None


def test_age_recipients_of_active_journalists(services: Services) -> None:
    make_journalist(services, "reporter")
    make_journalist(services, "editor")
    recipient = generate_identity()[1]
    services.journalists.set_age_recipient("reporter", recipient)
    assert [recipient] == services.journalists.active_recipients()
    with pytest.raises(JournalistError, match="not an age recipient"):
        services.journalists.set_age_recipient("editor", "age1bogus")
    with pytest.raises(JournalistError, match="no journalist"):
        services.journalists.set_age_recipient("nobody", recipient)
    with services.sessions.begin() as session:
        session.execute(update(Journalist).where(Journalist.username == "reporter").values(is_active=False))
    assert [] == services.journalists.active_recipients()


def test_totp_secret_is_a_standard_base32_secret(services: Services) -> None:
    created = make_journalist(services)
    assert pyotp.TOTP(created.totp_secret).now().isdigit()

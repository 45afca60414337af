"""A username with NUL in it is an unknown username, on SQLite and on PostgreSQL alike.

PostgreSQL refuses NUL in text even in a comparison: before the fix, typing one into a login form
or the API token request was a 500 on PostgreSQL (found by tests/functional/test_fuzz_*.py).
"""

from __future__ import annotations

import pytest

from tests.factories.journalists import current_code, make_journalist
from tipline.crypto.age import generate_identity
from tipline.errors import JournalistError
from tipline.services import Services

NUL_NAMES = ["\x00", "reporter\x00", "\x00reporter", "rep\x00orter"]


@pytest.mark.parametrize("username", NUL_NAMES)
def test_nul_usernames_are_unknown(services: Services, username: str) -> None:
    reporter = make_journalist(services)

    assert services.journalists.authenticate(username, reporter.passphrase, current_code(reporter)) is None
    assert services.journalists.login(username, reporter.passphrase, current_code(reporter)) is None
    assert services.journalists.first_factor(username, reporter.passphrase) is None
    with pytest.raises(JournalistError):
        services.journalists.set_age_recipient(username, generate_identity()[1])
    # The real account still works afterwards.
    again = services.journalists.first_factor(reporter.username, reporter.passphrase)
    assert again is not None
    assert reporter.username == again.username

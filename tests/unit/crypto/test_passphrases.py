"""Journalist passphrases: stored as Argon2id hashes, verified in constant-ish time."""

from __future__ import annotations

from typing import Any

import pytest
from argon2 import PasswordHasher

from tipline.crypto.passphrases import PassphraseHasher, constant_time_equal, generate_passphrase


@pytest.fixture(scope="module")
def hasher() -> PassphraseHasher:
    return PassphraseHasher(time_cost=1, memory_kib=1024, parallelism=1)


def test_the_right_passphrase_verifies(hasher: PassphraseHasher) -> None:
    stored = hasher.hash("ample basin cradle")
    assert "ample basin cradle" not in stored
    assert stored.startswith("$argon2id$")
    assert hasher.verify(stored, "ample basin cradle") is True


def test_a_wrong_passphrase_does_not(hasher: PassphraseHasher) -> None:
    stored = hasher.hash("ample basin cradle")
    assert hasher.verify(stored, "ample basin cradles") is False
    assert hasher.verify(stored, "") is False


def test_an_unknown_user_never_verifies(hasher: PassphraseHasher) -> None:
    """verify(None, …) still runs a hash (same timing) and answers False, whatever the passphrase."""
    assert hasher.verify(None, "anything") is False
    assert hasher.verify(None, "") is False


def test_a_corrupt_stored_hash_is_a_failure_not_a_crash(hasher: PassphraseHasher) -> None:
    assert hasher.verify("not-a-hash", "anything") is False


def test_generated_passphrases_have_the_requested_words() -> None:
    words = ["alpha", "bravo", "charlie", "delta"]
    passphrase = generate_passphrase(words, 9)
    assert 9 == len(passphrase.split(" "))
    assert set(passphrase.split(" ")) <= set(words)


def test_constant_time_equal() -> None:
    assert constant_time_equal("가나다", "가나다") is True
    assert constant_time_equal("abc", "abd") is False


@pytest.mark.parametrize("known", [True, False])
def test_the_first_verification_costs_the_same_for_a_known_and_an_unknown_user(
    known: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dummy hash an unknown user is checked against is made by the first verification of
    either kind, never when the hasher is built (commands that never verify would pay for it)."""
    argon2_runs: list[str] = []

    def counted(method: str) -> None:
        real = getattr(PasswordHasher, method)

        def run(self: PasswordHasher, *args: Any, **kwargs: Any) -> Any:
            argon2_runs.append(method)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(PasswordHasher, method, run)

    counted("hash")
    counted("verify")
    made = PassphraseHasher(time_cost=1, memory_kib=1024, parallelism=1)
    assert [] == argon2_runs
    stored = made.hash("a passphrase") if known else None
    argon2_runs.clear()

    assert known is made.verify(stored, "a passphrase")
    assert made.verify(stored, "wrong") is False
    # The first verification made the dummy (for either kind), then each ran one Argon2 check.
    assert ["hash", "verify", "verify"] == argon2_runs

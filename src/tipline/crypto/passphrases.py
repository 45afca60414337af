"""Journalist passphrases: generated from a wordlist, stored only as Argon2id hashes."""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


def generate_passphrase(wordlist: Sequence[str], count: int = 7) -> str:
    return " ".join(secrets.choice(wordlist) for _ in range(count))


class PassphraseHasher:
    def __init__(self, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
        self._dummy_hash: str | None = None
        self._dummy_made = threading.Lock()

    def _dummy(self) -> str:
        """Verifying against this when a username is unknown costs the same time as a real check,
        so response times do not reveal which usernames exist. Made by the first verification,
        whoever it is for (so the first login's time tells nothing either), not when the hasher
        is built: every command that builds the services (check, retention, journalist add…)
        would pay a full-cost Argon2 hash it never uses."""
        with self._dummy_made:
            if self._dummy_hash is None:
                self._dummy_hash = self._hasher.hash(secrets.token_hex(16))
            return self._dummy_hash

    def hash(self, passphrase: str) -> str:
        return self._hasher.hash(passphrase)

    def verify(self, stored_hash: str | None, passphrase: str) -> bool:
        dummy = self._dummy()
        try:
            return self._hasher.verify(stored_hash or dummy, passphrase) and stored_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))

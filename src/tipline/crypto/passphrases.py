"""Journalist passphrases: generated from a wordlist, stored only as Argon2id hashes."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


def generate_passphrase(wordlist: Sequence[str], count: int = 7) -> str:
    return " ".join(secrets.choice(wordlist) for _ in range(count))


class PassphraseHasher:
    def __init__(self, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
        # Verifying against this when a username is unknown costs the same time as a real check,
        # so response times do not reveal which usernames exist.
        self._dummy_hash = self._hasher.hash(secrets.token_hex(16))

    def hash(self, passphrase: str) -> str:
        return self._hasher.hash(passphrase)

    def verify(self, stored_hash: str | None, passphrase: str) -> bool:
        try:
            return self._hasher.verify(stored_hash or self._dummy_hash, passphrase) and stored_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))

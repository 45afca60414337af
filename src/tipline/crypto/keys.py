"""Turning a codename into a source's keys with Argon2id.

One Argon2id run (salted per instance) yields 64 bytes: the first half is the lookup value the
server stores to find the account, the second half is the X25519 secret of the source's age
identity for replies. The halves are independent outputs of the KDF, so the stored lookup
value reveals nothing about the identity.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from pyrage import x25519

from tipline.crypto import bech32


@dataclass(frozen=True)
class Argon2Cost:
    time_cost: int
    memory_kib: int
    parallelism: int


@dataclass(frozen=True, repr=False)
class SourceKeys:
    lookup: str
    identity: str
    recipient: str

    def __repr__(self) -> str:  # Never let a secret reach a log or a traceback.
        return f"SourceKeys(recipient={self.recipient!r})"


def derive_source_keys(normalised_codename: str, salt: bytes, cost: Argon2Cost) -> SourceKeys:
    if len(salt) < 16:
        raise ValueError("the codename salt must be at least 16 bytes")
    output = hash_secret_raw(
        secret=normalised_codename.encode("utf-8"),
        salt=salt,
        time_cost=cost.time_cost,
        memory_cost=cost.memory_kib,
        parallelism=cost.parallelism,
        hash_len=64,
        type=Type.ID,
    )
    identity_text = identity_from_secret(output[32:])
    recipient = str(x25519.Identity.from_str(identity_text).to_public())
    return SourceKeys(lookup=output[:32].hex(), identity=identity_text, recipient=recipient)


def identity_from_secret(secret: bytes) -> str:
    """The age identity string for a 32-byte X25519 secret."""
    if len(secret) != 32:
        raise ValueError("an X25519 secret is 32 bytes")
    return bech32.encode("age-secret-key-", secret).upper()

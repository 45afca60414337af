"""age through pyrage: small payloads encrypted in memory, and all decryption.

Files (the upload path) are encrypted as they stream by our own age writer on OpenSSL's
primitives, five times faster than pyrage: crypto/age_writer.py says why and what confirms it.

pyrage stops here: no pyrage error leaves this module. A ciphertext that does not open, or an
identity that is not one, is a :class:`DecryptionError`; a recipient or a sink that fails
encryption is an :class:`EncryptionError`. crypto imports nothing of ours, so these two are roots
of their own; ``tipline.errors`` re-exports them beside the server's tree.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import BinaryIO, Protocol

import pyrage
from pyrage import x25519

ARMOR_HEADER = "-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_FOOTER = "-----END AGE ENCRYPTED FILE-----"
BINARY_HEADER = b"age-encryption.org/v1\n"


class Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class EncryptionError(Exception):
    """Encryption failed (bad recipient, or the sink failed)."""


class DecryptionError(Exception):
    """The ciphertext does not open with these identities (wrong key, damaged or not age at all),
    or an identity is not an age identity. The message is pyrage's, which names no secret."""


def _identities(identities: Sequence[str]) -> list[x25519.Identity]:
    try:
        return [x25519.Identity.from_str(i) for i in identities]
    except pyrage.IdentityError:
        # pyrage's message may quote the text it could not read: a secret key. Say only what failed.
        raise DecryptionError("not an age identity (AGE-SECRET-KEY-1…)") from None


def recipient_of(identity: str) -> str | None:
    """The public recipient (age1…) of an age identity; None if the text is not an identity."""
    try:
        return str(x25519.Identity.from_str(identity).to_public())
    except pyrage.IdentityError:
        return None


def parse_recipients(recipients: Sequence[str]) -> list[x25519.Recipient]:
    if not recipients:
        raise EncryptionError("no recipients")
    try:
        return [x25519.Recipient.from_str(r) for r in recipients]
    except pyrage.RecipientError as error:
        raise EncryptionError(f"invalid age recipient: {error}") from None


def is_valid_recipient(text: str) -> bool:
    try:
        x25519.Recipient.from_str(text)
    except pyrage.RecipientError:
        return False
    return True


def generate_identity() -> tuple[str, str]:
    """A new (identity, recipient) pair."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def encrypt_bytes(data: bytes, recipients: Sequence[str], *, armored: bool = False) -> bytes:
    """For small payloads only (messages, manifests, replies)."""
    ciphertext: bytes = pyrage.encrypt(data, parse_recipients(recipients), armored=armored)
    return ciphertext


def decrypt_bytes(ciphertext: bytes, identities: Sequence[str]) -> bytes:
    """Decrypt binary or armored age ciphertext. Raises DecryptionError."""
    parsed = _identities(identities)
    try:
        plaintext: bytes = pyrage.decrypt(ciphertext, parsed)
    except pyrage.DecryptError as error:
        raise DecryptionError(str(error)) from None
    return plaintext


def decrypt_stream(source: BinaryIO, sink: Writable, identities: Sequence[str]) -> None:
    """Decrypt ``source`` into ``sink``. Raises DecryptionError; the sink's own errors pass as they are."""
    parsed = _identities(identities)
    try:
        pyrage.decrypt_io(source, sink, parsed)
    except pyrage.DecryptError as error:
        raise DecryptionError(str(error)) from None


def looks_armored(text: str) -> bool:
    """Armor (header, base64, footer) around what starts as an age file; anything else is refused.

    The server cannot decrypt replies, but a reply the source could never open is refused here
    rather than shown to the source as an unreadable reply.
    """
    stripped = text.strip()
    if not (stripped.startswith(ARMOR_HEADER) and stripped.endswith(ARMOR_FOOTER)):
        return False
    body = "".join(stripped[len(ARMOR_HEADER) : len(stripped) - len(ARMOR_FOOTER)].split())
    try:
        return base64.b64decode(body, validate=True).startswith(BINARY_HEADER)
    except binascii.Error:
        return False

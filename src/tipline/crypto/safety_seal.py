"""The seal every source row carries: for a safety codename's account, the way to its real account.

Every row of ``sources`` holds a seal of the same length. The seal of an account made for a safety
codename (docs/duress-design.md) is AES-GCM, under a key derived from that account's own age
identity (which exists only while its codename is typed, never stored), of the real account's uuid,
with the row's lookup value as associated data. Every other row's seal is random bytes of the same
length. Without the safety codename the two are indistinguishable (AES-GCM output is
pseudorandom); with it, the server learns which account to mark, and nothing else does.

Stored form: urlsafe base64 (no padding) of nonce (12 bytes) || ciphertext (16) || tag (16).
"""

from __future__ import annotations

import base64
import binascii
import os
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Its own label: the same identity also opens the source's replies; a different info gives an
# unrelated key.
HKDF_INFO = b"tipline safety codename seal v1"
NONCE_BYTES = 12
SEALED_BYTES = NONCE_BYTES + 16 + 16
SEAL_CHARACTERS = len(base64.urlsafe_b64encode(bytes(SEALED_BYTES)).rstrip(b"="))


def _key(identity: str) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=HKDF_INFO).derive(identity.encode("ascii"))


def _text(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def random_seal() -> str:
    """The seal of an ordinary row: as long as a real one, and as random to whoever lacks the key."""
    return _text(os.urandom(SEALED_BYTES))


def seal_link(identity: str, lookup: str, target_uuid: str) -> str:
    """The seal of the safety account whose identity is ``identity``, pointing at ``target_uuid``."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_key(identity)).encrypt(nonce, uuid.UUID(target_uuid).bytes, lookup.encode("ascii"))
    return _text(nonce + sealed)


def open_seal(identity: str, lookup: str, seal: str | None) -> str | None:
    """The real account's uuid if ``seal`` was made by ``seal_link`` for this identity and row, else None.

    Costs the same whether it opens or not (one HKDF and one AES-GCM check), so that the login path
    of an ordinary account and of a safety one do the same work."""
    key = _key(identity)
    try:
        raw = base64.urlsafe_b64decode((seal or "") + "=" * (-len(seal or "") % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != SEALED_BYTES:
        raw = bytes(SEALED_BYTES)  # still one AES-GCM check, which fails
    try:
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], lookup.encode("ascii"))
    except InvalidTag:
        return None
    return str(uuid.UUID(bytes=plain))

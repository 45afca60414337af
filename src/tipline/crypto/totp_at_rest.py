"""Journalists' TOTP secrets at rest: AES-GCM, so that a copy of the database is not a second factor.

The server must keep each TOTP secret (checking a code needs it), but the database is the part
most often copied: dumps, backups, WAL files, replicas. The secret is therefore stored sealed
under a key derived with HKDF from ``journalist_secret_key`` (which lives in tipline.toml, not in
the database), with the journalist's uuid as associated data: a sealed value copied onto another
account does not open.

Stored form: ``v1:`` + urlsafe base64 (no padding) of nonce (12 bytes) || ciphertext and tag.
A value without a version prefix is a legacy plaintext secret (base32 never contains ``:``);
it is sealed at the journalist's next login or by ``tipline check --repair``.
"""

from __future__ import annotations

import base64
import binascii
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1:"
# Its own label: the same journalist_secret_key also signs the journalist interface's forms and
# keys the login throttle; a different info gives an unrelated key.
HKDF_INFO = b"tipline totp-secret at rest v1"
NONCE_BYTES = 12
# pyotp's secrets: RFC 4648 base32, optionally padded. Anything else unsealed is not a secret we wrote.
_PLAINTEXT = re.compile(r"^[A-Z2-7]+=*$")


class TotpSecretUnreadable(ValueError):
    """A stored TOTP secret that cannot be opened; the message says why, never the secret."""


def is_sealed(stored: str) -> bool:
    return stored.startswith(VERSION)


def is_legacy_plaintext(stored: str) -> bool:
    """A secret stored before sealing existed (plain base32, as pyotp makes them)."""
    return bool(_PLAINTEXT.fullmatch(stored))


class TotpSecretSealer:
    """Seals and opens TOTP secrets under a key derived from ``journalist_secret_key``."""

    def __init__(self, journalist_secret_key: str) -> None:
        if not journalist_secret_key:
            raise ValueError("journalist_secret_key is empty: TOTP secrets cannot be sealed")
        key = HKDF(algorithm=SHA256(), length=32, salt=None, info=HKDF_INFO).derive(
            journalist_secret_key.encode("utf-8")
        )
        self._aead = AESGCM(key)

    def seal(self, secret: str, journalist_uuid: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, secret.encode("ascii"), _associated(journalist_uuid))
        return VERSION + base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")

    def open(self, stored: str, journalist_uuid: str) -> str:
        """The plaintext secret. Legacy plaintext is handed back as it is (see is_legacy_plaintext)."""
        if is_legacy_plaintext(stored):
            return stored
        if not is_sealed(stored):
            raise TotpSecretUnreadable("the stored TOTP secret has an unknown format (a newer version of Tipline?)")
        body = stored.removeprefix(VERSION)
        try:
            raw = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
        except (binascii.Error, ValueError):
            raise TotpSecretUnreadable("the stored TOTP secret is damaged (not base64)") from None
        if len(raw) <= NONCE_BYTES + 16:
            raise TotpSecretUnreadable("the stored TOTP secret is damaged (too short)")
        try:
            plain = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _associated(journalist_uuid))
        except InvalidTag:
            raise TotpSecretUnreadable(
                "the stored TOTP secret does not open: journalist_secret_key has changed since it was "
                "stored, or the value belongs to another journalist or is damaged; reset this "
                "journalist's TOTP"
            ) from None
        return plain.decode("ascii")


def _associated(journalist_uuid: str) -> bytes:
    return b"journalist:" + journalist_uuid.encode("utf-8")

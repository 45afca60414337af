"""TOTP secrets at rest: sealed with AES-GCM, bound to the journalist, refused when anything differs."""

from __future__ import annotations

import base64
import uuid

import pyotp
import pytest

from tipline.crypto.totp_at_rest import (
    VERSION,
    TotpSecretSealer,
    TotpSecretUnreadable,
    is_legacy_plaintext,
    is_sealed,
)

KEY = "journalist-secret-key-of-this-instance"
ALICE = str(uuid.UUID(int=1))
BOB = str(uuid.UUID(int=2))


def _tampered(stored: str, index: int) -> str:
    body = stored.removeprefix(VERSION)
    raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw[index] ^= 0x01
    return VERSION + base64.urlsafe_b64encode(bytes(raw)).decode("ascii").rstrip("=")


def test_a_sealed_secret_opens_to_itself_and_shows_nothing_of_it() -> None:
    secret = pyotp.random_base32()
    sealer = TotpSecretSealer(KEY)
    stored = sealer.seal(secret, ALICE)
    assert stored.startswith("v1:")
    assert is_sealed(stored)
    assert not is_legacy_plaintext(stored)
    assert secret not in stored
    assert secret.encode() not in base64.urlsafe_b64decode(stored[3:] + "=" * (-len(stored[3:]) % 4))
    assert secret == sealer.open(stored, ALICE)
    # A fresh nonce each time: two seals of one secret are unrelated; both open.
    again = sealer.seal(secret, ALICE)
    assert stored != again
    assert secret == sealer.open(again, ALICE)
    # Fits the column (String(255)) with room to spare.
    assert 255 > len(stored)


def test_another_instance_key_cannot_open_it() -> None:
    stored = TotpSecretSealer(KEY).seal(pyotp.random_base32(), ALICE)
    with pytest.raises(TotpSecretUnreadable, match="journalist_secret_key has changed"):
        TotpSecretSealer(KEY + "-rotated").open(stored, ALICE)


def test_a_sealed_secret_moved_to_another_journalist_does_not_open() -> None:
    sealer = TotpSecretSealer(KEY)
    stored = sealer.seal(pyotp.random_base32(), ALICE)
    with pytest.raises(TotpSecretUnreadable, match="another journalist"):
        sealer.open(stored, BOB)


@pytest.mark.parametrize("index", [0, 11, 12, 30, -16, -1])  # nonce, ciphertext, tag
def test_any_flipped_bit_is_refused(index: int) -> None:
    sealer = TotpSecretSealer(KEY)
    stored = sealer.seal(pyotp.random_base32(), ALICE)
    with pytest.raises(TotpSecretUnreadable, match="damaged"):
        sealer.open(_tampered(stored, index), ALICE)


@pytest.mark.parametrize(
    ("stored", "why"),
    [
        ("v1:" + "A" * 20, "too short"),
        ("v1:not base64 at all!", "not base64"),
        ("v2:" + "A" * 80, "unknown format"),
        ("lowercase-and-dashes", "unknown format"),
        ("", "unknown format"),
    ],
)
def test_values_that_are_neither_sealed_nor_plaintext_are_refused(stored: str, why: str) -> None:
    with pytest.raises(TotpSecretUnreadable, match=why):
        TotpSecretSealer(KEY).open(stored, ALICE)


def test_the_error_never_repeats_the_stored_value() -> None:
    stored = TotpSecretSealer(KEY).seal(pyotp.random_base32(), ALICE)
    with pytest.raises(TotpSecretUnreadable) as refused:
        TotpSecretSealer("another key").open(stored, ALICE)
    assert stored[3:] not in str(refused.value)


def test_a_legacy_plaintext_secret_is_recognised_and_handed_back() -> None:
    legacy = pyotp.random_base32()
    assert is_legacy_plaintext(legacy)
    assert not is_sealed(legacy)
    assert is_legacy_plaintext("JBSWY3DPEHPK3PXP====")
    assert legacy == TotpSecretSealer(KEY).open(legacy, ALICE)


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(ValueError, match="journalist_secret_key is empty"):
        TotpSecretSealer("")

"""Bech32 (BIP-173): the text form of age identities."""

from __future__ import annotations

import pytest

from tipline.crypto import bech32

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bytes_from_words(text: str) -> bytes:
    """The bytes a BIP-173 data part carries (for vectors whose data fills whole bytes)."""
    accumulator, bits, out = 0, 0, bytearray()
    for char in text:
        accumulator = (accumulator << 5) | _CHARSET.index(char)
        bits += 5
        while bits >= 8:
            bits -= 8
            out.append((accumulator >> bits) & 0xFF)
    assert 0 == bits, "this helper only handles data parts that fill whole bytes"
    return bytes(out)


@pytest.mark.parametrize(
    "vector",
    [
        # Valid bech32 strings from BIP-173 whose data part fills whole bytes (or is empty).
        "a12uel5l",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    ],
)
def test_encode_matches_bip173_vectors(vector: str) -> None:
    """Encoding the vector's human-readable part and data gives back the vector, checksum included."""
    hrp, _, rest = vector.rpartition("1")
    data = _bytes_from_words(rest[:-6])
    assert vector == bech32.encode(hrp, data)


def test_a_changed_byte_changes_the_checksum() -> None:
    """The checksum covers the data: flipping one bit changes the last six characters."""
    original = bech32.encode("age", bytes(32))
    flipped = bech32.encode("age", bytes(31) + b"\x01")
    assert original[-6:] != flipped[-6:]

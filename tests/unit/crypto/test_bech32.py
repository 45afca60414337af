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


@pytest.mark.parametrize(
    "vector",
    [
        "a12uel5l",
        "A12UEL5L",  # all upper case: the same string
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    ],
)
def test_decode_reads_bip173_vectors(vector: str) -> None:
    hrp, data = bech32.decode(vector)
    assert vector.lower() == bech32.encode(hrp, data)


@pytest.mark.parametrize(
    "vector",
    [
        # Invalid strings from BIP-173 (their reasons in its list).
        "\x201nwldj5",  # HRP character out of range
        "\x7f1axkwrx",  # HRP character out of range
        "pzry9x0s0muk",  # no separator
        "1pzry9x0s0muk",  # empty HRP
        "x1b4n0q5v",  # invalid data character
        "li1dgmt3",  # too short checksum
        "de1lg7wt\xff",  # invalid character in checksum
        "A1G7SGD8",  # checksum calculated with upper case HRP
        "10a06t8",  # empty HRP
        "1qzzfhee",  # empty HRP
        "A12uEL5L",  # mixed case
        "a12uel5m",  # a changed checksum
    ],
)
def test_decode_refuses_bip173_invalid_strings(vector: str) -> None:
    with pytest.raises(bech32.Bech32Error):
        bech32.decode(vector)


def test_decode_refuses_padding_that_is_not_zero_or_too_long() -> None:
    """Five bits more than the bytes need, or non-zero padding bits: not a canonical encoding."""
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

    def with_words(words: list[int]) -> str:
        polymod = bech32._polymod(bech32._expand_hrp("age") + words + [0] * 6) ^ 1
        checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
        return "age1" + "".join(charset[w] for w in words + checksum)

    assert (("age", b"\xff")) == bech32.decode(with_words([31, 28]))  # 8 bits + 2 zero bits
    with pytest.raises(bech32.Bech32Error):
        bech32.decode(with_words([31, 29]))  # a padding bit set
    with pytest.raises(bech32.Bech32Error):
        bech32.decode(with_words([31, 28, 0]))  # 7 bits of padding


@pytest.mark.parametrize("size", [0, 1, 20, 31, 32, 33, 64])
def test_decode_reverses_encode(size: int) -> None:
    data = bytes(range(size))
    assert ("age", data) == bech32.decode(bech32.encode("age", data))

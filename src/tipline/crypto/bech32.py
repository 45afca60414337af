"""Bech32 encoding (BIP-173), the text form of age identities and recipients.

An encoding, not a cryptographic primitive: needed only to turn 32 derived bytes into the
``AGE-SECRET-KEY-1…`` string that pyrage and the ``age`` CLI read.
"""

from __future__ import annotations

from collections.abc import Iterable

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _polymod(values: list[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i, generator in enumerate(_GENERATOR):
            if (top >> i) & 1:
                checksum ^= generator
    return checksum


def _expand_hrp(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _regroup(values: Iterable[int], width: int, to: int) -> tuple[list[int], int, int]:
    """VALUES of WIDTH bits each, read as one bit string and cut into values of TO bits; also the
    accumulator and the count of its low bits left over, for the caller to pad or to check."""
    accumulator, bits, out = 0, 0, []
    for value in values:
        accumulator = (accumulator << width) | value
        bits += width
        while bits >= to:
            bits -= to
            out.append((accumulator >> bits) & ((1 << to) - 1))
    return out, accumulator, bits


def _to_five_bits(data: bytes) -> list[int]:
    out, accumulator, bits = _regroup(data, 8, 5)
    if bits:
        out.append((accumulator << (5 - bits)) & 31)
    return out


def encode(hrp: str, data: bytes) -> str:
    """Encode ``data`` under the human-readable part ``hrp`` (lower case)."""
    words = _to_five_bits(data)
    polymod = _polymod(_expand_hrp(hrp) + words + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[w] for w in words + checksum)


class Bech32Error(ValueError):
    """Not a bech32 string (a bad character, mixed case, a wrong checksum or padding)."""


def _from_five_bits(words: list[int]) -> bytes:
    """The bytes the 5-bit words carry; refuses a tail that is not a zero padding of < 5 bits."""
    out, accumulator, bits = _regroup(words, 5, 8)
    if bits >= 5 or accumulator & ((1 << bits) - 1):
        raise Bech32Error("the data part does not end on a byte boundary")
    return bytes(out)


def decode(text: str) -> tuple[str, bytes]:
    """The human-readable part (lower case) and the data of a bech32 string.

    As age reads them: no length limit (BIP-173 has one of 90), all upper or all lower case, the
    checksum computed over the lower-case string.
    """
    if any(not 33 <= ord(c) <= 126 for c in text):
        raise Bech32Error("a character outside bech32's range")
    if text.lower() != text and text.upper() != text:
        raise Bech32Error("mixed case")
    text = text.lower()
    separator = text.rfind("1")
    if separator < 1 or separator + 7 > len(text):
        raise Bech32Error("no human-readable part or no checksum")
    hrp = text[:separator]
    if any(c not in _CHARSET for c in text[separator + 1 :]):
        raise Bech32Error("a character outside bech32's alphabet")
    words = [_CHARSET.index(c) for c in text[separator + 1 :]]
    if _polymod(_expand_hrp(hrp) + words) != 1:
        raise Bech32Error("wrong checksum")
    return hrp, _from_five_bits(words[:-6])

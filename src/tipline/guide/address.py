"""Onion addresses (v3) as printed in the guide: normalised and checked before anything is printed.

A v3 address is base32(public key ‖ checksum ‖ version), 56 characters, then ".onion"; the
checksum is SHA3-256(".onion checksum" ‖ public key ‖ version)[:2] (Tor's rend-spec-v3). A
mistyped address fails the checksum, so it is refused here rather than printed on a thousand cards.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

from tipline.errors import BadOnionAddress

_V3_LABEL = re.compile(r"[a-z2-7]{56}")
_VERSION = b"\x03"


def _checksum(public_key: bytes) -> bytes:
    return hashlib.sha3_256(b".onion checksum" + public_key + _VERSION).digest()[:2]


def onion_address_for(public_key: bytes) -> str:
    """The v3 onion address of a 32-byte ed25519 public key."""
    if len(public_key) != 32:
        raise BadOnionAddress("a v3 onion public key has 32 bytes")
    raw = public_key + _checksum(public_key) + _VERSION
    return base64.b32encode(raw).decode("ascii").lower() + ".onion"


def normalise_onion_address(text: str) -> str:
    """`xxxx.onion` in lower case, from what an operator may paste (a URL, upper case, a slash)."""
    address = text.strip().lower()
    for prefix in ("http://", "https://"):
        address = address.removeprefix(prefix)
    address = address.rstrip("/")
    label = address.removesuffix(".onion")
    if not _V3_LABEL.fullmatch(label):
        raise BadOnionAddress(f"not a v3 onion address (56 letters a-z and digits 2-7, then .onion): {text!r}")
    try:
        raw = base64.b32decode(label.upper())
    except binascii.Error as error:  # pragma: no cover - the pattern admits only base32 letters
        raise BadOnionAddress(str(error)) from None
    public_key, checksum, version = raw[:32], raw[32:34], raw[34:]
    if version != _VERSION or checksum != _checksum(public_key):
        raise BadOnionAddress(f"the onion address's checksum does not match (a typing mistake?): {text!r}")
    return label + ".onion"

"""The seal on every source row: random for ordinary rows, the real account's uuid for a safety one."""

from __future__ import annotations

import base64
import uuid

from pyrage import x25519

from tipline.crypto.safety_seal import SEAL_CHARACTERS, open_seal, random_seal, seal_link

LOOKUP = "ab" * 32
REAL = str(uuid.uuid4())


def _identity() -> str:
    return str(x25519.Identity.generate())


def test_a_seal_opens_only_with_its_identity_and_row() -> None:
    identity = _identity()
    seal = seal_link(identity, LOOKUP, REAL)
    assert open_seal(identity, LOOKUP, seal) == REAL
    assert open_seal(_identity(), LOOKUP, seal) is None  # another codename's key
    assert open_seal(identity, "cd" * 32, seal) is None  # copied onto another row


def test_random_and_real_seals_have_one_length_and_alphabet() -> None:
    """What a seized database shows of the seal column: the same shape on every row."""
    seals = [random_seal() for _ in range(50)] + [seal_link(_identity(), LOOKUP, REAL) for _ in range(50)]
    assert {len(seal) for seal in seals} == {SEAL_CHARACTERS}
    for seal in seals:
        assert len(base64.urlsafe_b64decode(seal + "=" * (-len(seal) % 4))) == 44
    assert len(set(seals)) == 100  # a fresh nonce every time: two seals of one link differ


def test_a_random_seal_or_garbage_opens_to_nothing() -> None:
    identity = _identity()
    for seal in (random_seal(), None, "", "not base64!", "A" * SEAL_CHARACTERS):
        assert open_seal(identity, LOOKUP, seal) is None

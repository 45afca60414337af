"""age through pyrage: small payloads in memory, streamed decryption, recipients, armor."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from tipline.crypto.age import (
    DecryptionError,
    EncryptionError,
    decrypt_bytes,
    decrypt_stream,
    encrypt_bytes,
    generate_identity,
    is_valid_recipient,
    looks_armored,
    recipient_of,
)
from tipline.crypto.age_writer import AgeWriter

CHUNK = 64 * 1024


def test_a_twenty_mib_stream_decrypts_byte_for_byte(tmp_path: Path) -> None:
    """A file written by the upload's age writer comes out of pyrage's streamed decryption
    identical; the file never held the plaintext."""
    identity, recipient = generate_identity()
    plaintext = os.urandom(20 * 1024 * 1024)
    encrypted_path = tmp_path / "blob.age"
    with encrypted_path.open("wb") as sink:
        writer = AgeWriter(sink, [recipient])
        for start in range(0, len(plaintext), CHUNK):
            writer.write(plaintext[start : start + CHUNK])
        writer.finish()
    ciphertext = encrypted_path.read_bytes()
    assert ciphertext.startswith(b"age-encryption.org/v1\n")
    assert plaintext[:CHUNK] not in ciphertext
    decrypted = io.BytesIO()
    with encrypted_path.open("rb") as source:
        decrypt_stream(source, decrypted, [identity])
    assert hashlib.sha256(plaintext).hexdigest() == hashlib.sha256(decrypted.getvalue()).hexdigest()


def test_every_recipient_can_open_a_small_payload() -> None:
    first, second = generate_identity(), generate_identity()
    ciphertext = encrypt_bytes(b"for both", [first[1], second[1]])
    assert b"for both" == decrypt_bytes(ciphertext, [first[0]])
    assert b"for both" == decrypt_bytes(ciphertext, [second[0]])


@pytest.mark.parametrize("recipients", [["age1notarecipient"], ["AGE-SECRET-KEY-1XYZ"], []])
def test_a_bad_recipient_is_refused(recipients: list[str]) -> None:
    with pytest.raises(EncryptionError):
        encrypt_bytes(b"x", recipients)


def test_recipient_validation_and_armor_detection() -> None:
    identity, recipient = generate_identity()
    assert is_valid_recipient(recipient) is True
    assert is_valid_recipient(identity) is False
    assert is_valid_recipient("age1") is False
    armored = encrypt_bytes(b"reply", [recipient], armored=True).decode()
    assert looks_armored(armored) is True
    assert looks_armored("-----BEGIN PGP MESSAGE-----") is False
    assert b"reply" == decrypt_bytes(armored.encode(), [identity])


def test_no_pyrage_error_leaves_the_module() -> None:
    """A wrong key, a damaged ciphertext and a text that is no identity: all DecryptionError,
    streamed or not; the message never quotes the identity it could not read."""
    identity, recipient = generate_identity()
    ciphertext = encrypt_bytes(b"secret", [recipient])
    stranger, _ = generate_identity()
    for data, identities in ((ciphertext, [stranger]), (b"not age", [identity]), (ciphertext, ["AGE-SECRET-KEY-1XYZ"])):
        with pytest.raises(DecryptionError) as raised:
            decrypt_bytes(data, identities)
        assert "XYZ" not in str(raised.value)
        with pytest.raises(DecryptionError):
            decrypt_stream(io.BytesIO(data), io.BytesIO(), identities)
    assert recipient == recipient_of(identity)
    assert recipient_of("AGE-SECRET-KEY-1XYZ") is None

"""age encryption: small payloads in memory, files streamed through StreamingEncryptor."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from tipline.crypto.age import (
    DecryptionError,
    EncryptionError,
    StreamingEncryptor,
    decrypt_bytes,
    decrypt_stream,
    encrypt_bytes,
    generate_identity,
    is_valid_recipient,
    looks_armored,
    recipient_of,
)

CHUNK = 64 * 1024


def test_twenty_mib_stream_decrypts_byte_for_byte(tmp_path: Path) -> None:
    """What goes in, in chunks, comes out of age decryption identical; the sink saw no plaintext."""
    identity, recipient = generate_identity()
    plaintext = os.urandom(20 * 1024 * 1024)
    encrypted_path = tmp_path / "blob.age"
    with encrypted_path.open("wb") as sink:
        encryptor = StreamingEncryptor(sink, [recipient])
        for start in range(0, len(plaintext), CHUNK):
            encryptor.write(plaintext[start : start + CHUNK])
        encryptor.close()
    ciphertext = encrypted_path.read_bytes()
    assert ciphertext.startswith(b"age-encryption.org/v1\n")
    assert plaintext[:CHUNK] not in ciphertext
    decrypted = io.BytesIO()
    with encrypted_path.open("rb") as source:
        decrypt_stream(source, decrypted, [identity])
    assert hashlib.sha256(plaintext).hexdigest() == hashlib.sha256(decrypted.getvalue()).hexdigest()


def test_every_recipient_can_open_the_stream() -> None:
    first, second = generate_identity(), generate_identity()
    sink = io.BytesIO()
    encryptor = StreamingEncryptor(sink, [first[1], second[1]])
    encryptor.write(b"for both")
    encryptor.close()
    assert b"for both" == decrypt_bytes(sink.getvalue(), [first[0]])
    assert b"for both" == decrypt_bytes(sink.getvalue(), [second[0]])


@pytest.mark.parametrize("written", [1000, 3 * CHUNK + 17])
def test_abort_leaves_an_incomplete_ciphertext(written: int) -> None:
    """An aborted stream must never open as if it were whole: age reports it truncated."""
    identity, recipient = generate_identity()
    sink = io.BytesIO()
    encryptor = StreamingEncryptor(sink, [recipient])
    encryptor.write(os.urandom(written))
    encryptor.abort()
    with pytest.raises(DecryptionError):
        decrypt_bytes(sink.getvalue(), [identity])


def test_abort_after_close_changes_nothing() -> None:
    identity, recipient = generate_identity()
    sink = io.BytesIO()
    encryptor = StreamingEncryptor(sink, [recipient])
    encryptor.write(b"complete")
    encryptor.close()
    encryptor.abort()
    assert b"complete" == decrypt_bytes(sink.getvalue(), [identity])


def test_writing_after_close_is_refused() -> None:
    encryptor = StreamingEncryptor(io.BytesIO(), [generate_identity()[1]])
    encryptor.close()
    with pytest.raises(ValueError, match="closed"):
        encryptor.write(b"late")


@pytest.mark.parametrize("recipients", [["age1notarecipient"], ["AGE-SECRET-KEY-1XYZ"], []])
def test_a_bad_recipient_is_refused_before_anything_is_written(recipients: list[str]) -> None:
    sink = io.BytesIO()
    with pytest.raises(EncryptionError):
        StreamingEncryptor(sink, recipients)
    with pytest.raises(EncryptionError):
        encrypt_bytes(b"x", recipients)
    assert b"" == sink.getvalue()


def test_a_failing_sink_is_reported_at_close() -> None:
    """When the sink breaks (disk full), close() raises rather than pretending it stored the file."""

    class BrokenSink:
        def write(self, data: bytes, /) -> int:
            raise OSError("disk full")

    encryptor = StreamingEncryptor(BrokenSink(), [generate_identity()[1]])

    def send_file() -> None:
        for _ in range(8):  # enough to fill the pipe if the worker had stopped draining it
            encryptor.write(os.urandom(CHUNK))
        encryptor.close()

    with pytest.raises(EncryptionError):
        send_file()


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

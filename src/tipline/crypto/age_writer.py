"""An age v1 encryptor (https://age-encryption.org/v1) on OpenSSL's primitives: writing only.

Why not pyrage, as everywhere else: on the upload path the cipher is most of the work, and
pyrage is five times slower than the cipher itself. Measured on the server's CPU (AVX2, SHA-NI):
``pyrage.encrypt_io`` costs 1.48 s of CPU per GiB (BytesIO to BytesIO) and ``pyrage.encrypt``
1.95 s, while ChaCha20-Poly1305 from ``cryptography`` (OpenSSL) over 64 KiB chunks costs 0.27 s,
and pyrage pulls its plaintext 8 KiB per Python call. So the upload path writes age itself,
64 KiB chunk by chunk, straight from the pieces the request's parser reads, and hands the store
the ciphertext of each piece in one write.

Only the X25519 recipient type is written (the only one tipline has). What we write is checked
by what we did not write: the ``age`` CLI and pyrage decrypt it, and refuse it cut short, with
its final chunk missing, with a byte changed or two chunks swapped (tests/unit/crypto/). All
decryption stays on pyrage.

The final chunk (the one whose nonce ends in 0x01) is sealed only by :meth:`AgeWriter.finish`:
until then what the sink holds is a stream without its end, which age refuses to open. So a
writer that is aborted, or a process that dies, never leaves a valid ciphertext of a part of
the plaintext.

Randomness (file key, ephemeral secrets, payload nonce) comes from ``os.urandom`` only.
"""

from __future__ import annotations

import base64
import hmac
import os
from collections.abc import Sequence
from hashlib import sha256
from typing import Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tipline.crypto import bech32
from tipline.crypto.age import EncryptionError

VERSION_LINE = b"age-encryption.org/v1\n"
CHUNK_BYTES = 64 * 1024
TAG_BYTES = 16
FILE_KEY_BYTES = 16
PAYLOAD_NONCE_BYTES = 16
X25519_INFO = b"age-encryption.org/v1/X25519"
_COLUMNS = 64
_LAST_COUNTER = (1 << 88) - 1  # an 11-byte counter
# Room for the chunks sealed from one piece of up to a megabyte (the request parser's largest):
# one write to the sink (one system call, one hash update) per piece rather than per chunk.
FLUSH_CHUNKS = 17


class Sink(Protocol):
    """Where the ciphertext goes. As with ``io``'s ``write``, the sink may not keep ``data``
    after it returns (it is a view of a buffer that is written again): a file, a hash and the
    S3 writer's part buffer all copy it."""

    def write(self, data: memoryview, /) -> object: ...


def _b64(data: bytes) -> bytes:
    """Canonical base64 without padding (age's encoding)."""
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    # An empty salt is, by RFC 5869, a salt of HashLen zero bytes; cryptography reads None so.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt or None, info=info).derive(ikm)


def recipient_key(recipient: str) -> bytes:
    """The 32-byte X25519 public key of an ``age1…`` recipient. Raises EncryptionError."""
    try:
        hrp, key = bech32.decode(recipient)
    except bech32.Bech32Error as error:
        raise EncryptionError(f"invalid age recipient: {error}") from None
    if hrp != "age" or len(key) != 32:
        raise EncryptionError("invalid age recipient: not an X25519 recipient (age1…)")
    return key


def _stanza(file_key: bytes, recipient: bytes) -> bytes:
    """An X25519 recipient stanza wrapping ``file_key``, with its own new ephemeral secret."""
    ephemeral = X25519PrivateKey.from_private_bytes(os.urandom(32))
    share = ephemeral.public_key().public_bytes_raw()
    try:
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    except ValueError:  # OpenSSL refuses an all-zero shared secret (a low-order point)
        raise EncryptionError("invalid age recipient: a low-order X25519 point") from None
    if not any(shared):  # never reached with OpenSSL; the spec requires the check, so it stays
        raise EncryptionError("invalid age recipient: a low-order X25519 point")
    wrap_key = _hkdf(shared, share + recipient, X25519_INFO)
    body = _b64(ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None))
    # Wrapped at 64 columns; the last line is shorter than 64, so empty when the body fills lines.
    lines = [body[at : at + _COLUMNS] for at in range(0, len(body), _COLUMNS)]
    if not lines or len(lines[-1]) == _COLUMNS:
        lines.append(b"")
    return b"-> X25519 " + _b64(share) + b"\n" + b"".join(line + b"\n" for line in lines)


def header(file_key: bytes, recipients: Sequence[bytes]) -> bytes:
    """The header: version line, one stanza per recipient, and the MAC line."""
    if not recipients:
        raise EncryptionError("no recipients")
    signed = VERSION_LINE + b"".join(_stanza(file_key, r) for r in recipients) + b"---"
    mac = hmac.digest(_hkdf(file_key, b"", b"header"), signed, sha256)
    return signed + b" " + _b64(mac) + b"\n"


class AgeWriter:
    """Writes the age encryption of what is written to it into ``sink``; :meth:`finish` ends it.

    Pieces of any size are taken; whole 64 KiB chunks inside a piece are sealed from it where
    they lie (a memoryview, no copy), only the chunk that straddles two pieces is gathered in a
    buffer, and what a piece sealed reaches the sink before :meth:`write` returns. A full chunk
    is held until more follows, because only then is it known not to be the last (the final
    chunk may be full; it is empty only if the whole plaintext is).

    Errors: a bad recipient is an EncryptionError; the sink's own error passes as it is, and
    the writer is then spent. Not thread-safe (one request writes it).
    """

    def __init__(self, sink: Sink, recipients: Sequence[str]) -> None:
        keys = [recipient_key(r) for r in recipients]
        file_key = os.urandom(FILE_KEY_BYTES)
        nonce = os.urandom(PAYLOAD_NONCE_BYTES)
        self._head: bytes | None = header(file_key, keys) + nonce
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._sink = sink
        self._counter = 0
        self._chunk = bytearray(CHUNK_BYTES)  # the plaintext chunk being gathered
        self._chunk_view = memoryview(self._chunk)
        self._held = 0
        self._out = bytearray(FLUSH_CHUNKS * (CHUNK_BYTES + TAG_BYTES))
        self._out_view = memoryview(self._out)
        self._filled = 0
        self._state = "open"  # then "finished", "aborted" or "failed"
        self.plaintext_bytes = 0
        self.ciphertext_bytes = 0

    def write(self, data: bytes | bytearray | memoryview, /) -> int:
        """Encrypt ``data`` (the caller may reuse it at once: nothing refers to it afterwards)."""
        self._check_open()
        view = memoryview(data).cast("B")
        size = len(view)
        if not size:
            return 0
        at = 0
        if self._held == CHUNK_BYTES:  # more follows, so the held chunk is not the last
            self._seal(self._chunk_view, final=False)
            self._held = 0
        if self._held:
            at = min(CHUNK_BYTES - self._held, size)
            self._chunk_view[self._held : self._held + at] = view[:at]
            self._held += at
            if at < size:
                self._seal(self._chunk_view, final=False)
                self._held = 0
        if at < size:
            # Whole chunks where they lie; what remains (1 to 64 KiB) may be the last chunk: held.
            while size - at > CHUNK_BYTES:
                self._seal(view[at : at + CHUNK_BYTES], final=False)
                at += CHUNK_BYTES
            self._held = size - at
            self._chunk_view[: self._held] = view[at:]
        self.plaintext_bytes += size
        # What is sealed goes to the sink now, not when the buffer is full: the blob in .incoming
        # keeps up with the body (a server killed mid-upload leaves what had arrived, encrypted).
        self._flush()
        return size

    def finish(self) -> None:
        """Seal the final chunk and hand all the ciphertext to the sink: now it is whole."""
        self._check_open()
        self._seal(self._chunk_view[: self._held], final=True)
        self._flush()
        self._state = "finished"
        self._forget()

    def abort(self) -> None:
        """Stop: the final chunk is never sealed, so what the sink holds never opens."""
        if self._state == "open":
            self._state = "aborted"
        self._forget()

    def _check_open(self) -> None:
        if self._state == "aborted":
            raise EncryptionError("aborted")
        if self._state != "open":
            raise ValueError(f"write to a {self._state} age writer")

    def _seal(self, plaintext: memoryview, *, final: bool) -> None:
        if self._counter > _LAST_COUNTER:
            raise EncryptionError("more chunks than age's counter holds")
        end = self._filled + len(plaintext) + TAG_BYTES
        if end > len(self._out):
            self._flush()
            end = len(plaintext) + TAG_BYTES
        nonce = self._counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")
        self._aead.encrypt_into(nonce, plaintext, None, self._out_view[self._filled : end])
        self._filled = end
        self._counter += 1

    def _flush(self) -> None:
        try:
            if self._head is not None:
                self._sink.write(memoryview(self._head))
                self.ciphertext_bytes += len(self._head)
                self._head = None
            if self._filled:
                self._sink.write(self._out_view[: self._filled])
                self.ciphertext_bytes += self._filled
                self._filled = 0
        except BaseException:
            self._state = "failed"
            self._forget()
            raise

    def _forget(self) -> None:
        """Drop the plaintext gathered and the ciphertext not yet written."""
        self._chunk_view[:] = bytes(CHUNK_BYTES)
        self._held = 0
        self._filled = 0

"""age encryption, always streamed for files.

pyrage's in-memory ``encrypt`` holds the whole plaintext and ciphertext in memory; for files
use :class:`PulledEncryption` where the plaintext can be read (pyrage pulls it on the caller's
thread: the upload path), or :class:`StreamingEncryptor` where it is written (a worker thread
and an OS pipe); both with constant memory.

pyrage stops here: no pyrage error leaves this module. A ciphertext that does not open, or an
identity that is not one, is a :class:`DecryptionError`; a recipient or a sink that fails
encryption is an :class:`EncryptionError`. crypto imports nothing of ours, so these two are roots
of their own; ``tipline.errors`` re-exports them beside the server's tree.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import threading
from collections.abc import Sequence
from typing import BinaryIO, Protocol

import pyrage
from pyrage import x25519

ARMOR_HEADER = "-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_FOOTER = "-----END AGE ENCRYPTED FILE-----"
BINARY_HEADER = b"age-encryption.org/v1\n"


class Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class EncryptionError(Exception):
    """Encryption failed (bad recipient, or the sink failed)."""


class DecryptionError(Exception):
    """The ciphertext does not open with these identities (wrong key, damaged or not age at all),
    or an identity is not an age identity. The message is pyrage's, which names no secret."""


def _identities(identities: Sequence[str]) -> list[x25519.Identity]:
    try:
        return [x25519.Identity.from_str(i) for i in identities]
    except pyrage.IdentityError:
        # pyrage's message may quote the text it could not read: a secret key. Say only what failed.
        raise DecryptionError("not an age identity (AGE-SECRET-KEY-1…)") from None


def recipient_of(identity: str) -> str | None:
    """The public recipient (age1…) of an age identity; None if the text is not an identity."""
    try:
        return str(x25519.Identity.from_str(identity).to_public())
    except pyrage.IdentityError:
        return None


def parse_recipients(recipients: Sequence[str]) -> list[x25519.Recipient]:
    if not recipients:
        raise EncryptionError("no recipients")
    try:
        return [x25519.Recipient.from_str(r) for r in recipients]
    except pyrage.RecipientError as error:
        raise EncryptionError(f"invalid age recipient: {error}") from None


def is_valid_recipient(text: str) -> bool:
    try:
        x25519.Recipient.from_str(text)
    except pyrage.RecipientError:
        return False
    return True


def generate_identity() -> tuple[str, str]:
    """A new (identity, recipient) pair."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def encrypt_bytes(data: bytes, recipients: Sequence[str], *, armored: bool = False) -> bytes:
    """For small payloads only (messages, manifests, replies)."""
    ciphertext: bytes = pyrage.encrypt(data, parse_recipients(recipients), armored=armored)
    return ciphertext


def decrypt_bytes(ciphertext: bytes, identities: Sequence[str]) -> bytes:
    """Decrypt binary or armored age ciphertext. Raises DecryptionError."""
    parsed = _identities(identities)
    try:
        plaintext: bytes = pyrage.decrypt(ciphertext, parsed)
    except pyrage.DecryptError as error:
        raise DecryptionError(str(error)) from None
    return plaintext


def decrypt_stream(source: BinaryIO, sink: Writable, identities: Sequence[str]) -> None:
    """Decrypt ``source`` into ``sink``. Raises DecryptionError; the sink's own errors pass as they are."""
    parsed = _identities(identities)
    try:
        pyrage.decrypt_io(source, sink, parsed)
    except pyrage.DecryptError as error:
        raise DecryptionError(str(error)) from None


def looks_armored(text: str) -> bool:
    """Armor (header, base64, footer) around what starts as an age file; anything else is refused.

    The server cannot decrypt replies, but a reply the source could never open is refused here
    rather than shown to the source as an unreadable reply.
    """
    stripped = text.strip()
    if not (stripped.startswith(ARMOR_HEADER) and stripped.endswith(ARMOR_FOOTER)):
        return False
    body = "".join(stripped[len(ARMOR_HEADER) : len(stripped) - len(ARMOR_FOOTER)].split())
    try:
        return base64.b64decode(body, validate=True).startswith(BINARY_HEADER)
    except binascii.Error:
        return False


class _GatedSink:
    """Passes ciphertext through until closed; then refuses, so age's final chunk never lands.

    Without the gate, aborting would finish the stream and leave a valid ciphertext of a
    truncated plaintext, which would open as if it were the whole file.
    """

    def __init__(self, sink: Writable) -> None:
        self._sink = sink
        self.open = True
        # pyrage reports a failing sink as an EncryptError with only the message: the sink's own
        # exception is kept here so that the writer sees it as it was (a full disk, say).
        self.failure: OSError | None = None

    def write(self, data: bytes, /) -> int:
        if not self.open:
            raise EncryptionError("aborted")
        try:
            return self._sink.write(data)
        except OSError as error:
            self.failure = error
            raise


class StreamingEncryptor:
    """A write-only stream: what is written is age-encrypted into ``sink``.

    The plaintext exists only in memory, in transit through a pipe; ``sink`` receives only
    ciphertext. Call :meth:`close` to finish (it raises if encryption failed) or :meth:`abort`.
    """

    def __init__(self, sink: Writable, recipients: Sequence[str]) -> None:
        parsed = parse_recipients(recipients)
        read_fd, write_fd = os.pipe()
        self._reader = os.fdopen(read_fd, "rb", buffering=0)
        self._writer: BinaryIO | None = os.fdopen(write_fd, "wb")
        self._error: BaseException | None = None
        self._gate = _GatedSink(sink)
        self._thread = threading.Thread(target=self._run, args=(self._gate, parsed), daemon=True)
        self._thread.start()

    def _run(self, sink: Writable, recipients: list[x25519.Recipient]) -> None:
        try:
            pyrage.encrypt_io(self._reader, sink, recipients)
        except BaseException as error:  # reported to the writer's thread by close()
            self._error = error
            # Keep draining so the writer never blocks on a pipe nobody reads.
            while self._reader.read(65536):
                pass
        finally:
            self._reader.close()

    def write(self, data: bytes) -> int:
        if self._writer is None:
            raise ValueError("write to a closed encryptor")
        self._raise_failure()
        self._writer.write(data)
        return len(data)

    def _raise_failure(self) -> None:
        if self._gate.failure is not None:  # the sink's own error, as the cause (a full disk, say)
            raise EncryptionError(f"the sink failed: {self._gate.failure}") from self._gate.failure
        if self._error is not None:
            raise EncryptionError(f"encryption failed: {self._error}") from self._error

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._thread.join()
        self._raise_failure()

    def abort(self) -> None:
        """Stop; whatever reached the sink is an incomplete ciphertext the caller discards."""
        self._gate.open = False
        with contextlib.suppress(EncryptionError):
            self.close()


class _Relay:
    """The source as pyrage reads it, keeping the source's own exception: pyrage reports a failing
    reader as an EncryptError with only its message (a limit reached, a body cut off)."""

    def __init__(self, source: Readable) -> None:
        self._source = source
        self.failure: BaseException | None = None

    def read(self, size: int = -1, /) -> bytes:
        try:
            return self._source.read(size)
        except BaseException as error:
            self.failure = error
            raise


class PulledEncryption:
    """Encrypts what is read from a source into ``sink``, on the calling thread: pyrage pulls the
    plaintext (``encrypt_io``), so nothing passes through a pipe or another thread.

    The last piece of ciphertext pyrage writes, which holds age's final chunk, is held back until
    :meth:`release`: until then what ``sink`` holds is a ciphertext cut short, which never opens.
    So a request that ends before its upload is committed (a refused form, a seizure, a crash)
    leaves no valid ciphertext, as with :class:`StreamingEncryptor`, whose gate does the same.
    A source that raises (a limit, a body cut off) stops the encryption before the final chunk.
    """

    def __init__(self, sink: Writable, recipients: Sequence[str]) -> None:
        self._recipients = parse_recipients(recipients)
        self._sink = sink
        self._held = b""
        self._open = True
        self.failure: OSError | None = None  # the sink's own error (a full disk, say)

    def write(self, data: bytes, /) -> int:
        if not self._open:
            raise EncryptionError("aborted")
        if self._held:
            try:
                self._sink.write(self._held)
            except OSError as error:
                self.failure = error
                raise
        self._held = bytes(data)  # pyrage hands a new bytes object: no copy
        return len(data)

    def encrypt(self, source: Readable) -> None:
        """Read ``source`` to its end and encrypt all of it; raises the source's own exception if
        it raised, EncryptionError (from the sink's OSError, if that failed) otherwise."""
        relay = _Relay(source)
        try:
            pyrage.encrypt_io(relay, self, self._recipients)
        except BaseException as error:
            if relay.failure is not None:
                raise relay.failure from None
            if self.failure is not None:
                raise EncryptionError(f"the sink failed: {self.failure}") from self.failure
            raise EncryptionError(f"encryption failed: {error}") from error

    def release(self) -> None:
        """Write the held-back end: the sink now holds the whole, valid ciphertext."""
        if not self._open:
            raise EncryptionError("aborted")
        held, self._held = self._held, b""
        if held:
            try:
                self._sink.write(held)
            except OSError as error:
                self.failure = error
                raise EncryptionError(f"the sink failed: {error}") from error

    def abort(self) -> None:
        """Drop the held-back end; nothing more reaches the sink."""
        self._open = False
        self._held = b""

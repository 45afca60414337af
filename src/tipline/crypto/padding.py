"""Padding inside the encryption: what a stored ciphertext's size says is only its bucket.

A padded plaintext (the *frame*) is ``MAGIC``, the content, zero bytes, then the content's true
length as 8 bytes big-endian (docs/padding-design.md). The length is a trailer, not a header, so
that a file can be framed as it streams in: its size is known only at its end. The whole frame is
encrypted, so the padding is authenticated like the content and only a holder of the identity
can tell the content's length.

Plaintexts from before padding carry no frame: :func:`unpad` and :class:`UnpaddingSink` pass
them through unchanged. They start with ``MAGIC`` only if a file of that time did, byte for byte;
``MAGIC`` begins with a NUL byte, which no message (text) begins with.

Pure: the standard library only (the desk and the server both use it).
"""

from __future__ import annotations

import math
from typing import Protocol

MAGIC = b"\x00TLPAD1\n"
LENGTH_BYTES = 8
FRAME_BYTES = len(MAGIC) + LENGTH_BYTES

# Messages (questionnaire answers included), manifests and replies: one size, 32 KiB, which holds
# 9,000 Korean characters (3 bytes each in UTF-8); past it, the next power of two.
SMALL_FLOOR = 32 * 1024
# Files: at least 16 KiB, then a geometric series of 8 steps per doubling (each step ≤ 9.1 %
# larger, plus rounding up to a multiple of 256 bytes: ≤ 12 % overhead above the floor).
FILE_FLOOR = 16 * 1024
FILE_STEPS_PER_DOUBLING = 8
_FILE_ROUNDING = 256
# The bound the tests hold the file series to (frame included), above FILE_FLOOR.
MAX_FILE_OVERHEAD = 0.12

_ZEROS = bytes(1024 * 1024)


class PaddingError(ValueError):
    """A frame whose trailer cannot be right (longer than the frame, or cut off)."""


class Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...


class Truncatable(Writable, Protocol):
    def truncate(self, size: int, /) -> int: ...


def small_bucket(framed: int) -> int:
    """The padded size of a small frame: SMALL_FLOOR, else the next power of two."""
    if framed <= SMALL_FLOOR:
        return SMALL_FLOOR
    return 1 << (framed - 1).bit_length()


def file_bucket(framed: int) -> int:
    """The padded size of a file's frame: FILE_FLOOR, else the next step of the series."""
    if framed <= FILE_FLOOR:
        return FILE_FLOOR
    # A first guess from the logarithm, then corrected both ways: floating point may be one off.
    step = max(0, math.floor(FILE_STEPS_PER_DOUBLING * math.log2(framed / FILE_FLOOR)) - 1)
    while _file_step(step) < framed:
        step += 1
    while step > 0 and _file_step(step - 1) >= framed:
        step -= 1
    return _file_step(step)


def _file_step(step: int) -> int:
    exact = math.ceil(FILE_FLOOR * 2 ** (step / FILE_STEPS_PER_DOUBLING))
    return -(-exact // _FILE_ROUNDING) * _FILE_ROUNDING


def pad_small(data: bytes) -> bytes:
    """The frame of a message, manifest or reply, padded to its bucket."""
    return _frame(data, small_bucket(len(data) + FRAME_BYTES))


def pad_file_bytes(data: bytes) -> bytes:
    """The frame of a file held in memory (tests, seeded data), padded as a streamed one would be."""
    return _frame(data, file_bucket(len(data) + FRAME_BYTES))


def _frame(data: bytes, size: int) -> bytes:
    zeros = size - len(data) - FRAME_BYTES
    return b"".join((MAGIC, data, bytes(zeros), len(data).to_bytes(LENGTH_BYTES, "big")))


def is_framed(plaintext: bytes) -> bool:
    return plaintext.startswith(MAGIC)


def unpad(plaintext: bytes) -> bytes:
    """The content of a frame; an unframed (older) plaintext unchanged."""
    if not is_framed(plaintext):
        return plaintext
    if len(plaintext) < FRAME_BYTES:
        raise PaddingError("a padded plaintext cut off before its length")
    length = int.from_bytes(plaintext[-LENGTH_BYTES:], "big")
    if length > len(plaintext) - FRAME_BYTES:
        raise PaddingError("a padded plaintext whose length is more than it holds")
    return plaintext[len(MAGIC) : len(MAGIC) + length]


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class PaddingReader:
    """The frame of what ``source`` holds, read as the upload asks for it (the magic, the
    content, the zeros, the trailer: the layout :func:`pad_file_bytes` gives a file in memory),
    pulled, so that the upload reads straight from the request's parser on the request's own thread.

    ``source`` must raise, never end early, when its content is cut off: its end is the content's end.
    """

    def __init__(self, source: Readable) -> None:
        self._source = source
        self.content_bytes = 0
        self._magic = MAGIC
        self._zeros = -1  # not known before the content's end
        self._trailer = b""

    def read(self, size: int = -1, /) -> bytes:
        if size < 0:
            size = len(_ZEROS)
        if self._magic:
            piece, self._magic = self._magic[:size], self._magic[size:]
            return piece
        if self._zeros < 0:
            data = self._source.read(size)
            if data:
                self.content_bytes += len(data)
                return data
            self._zeros = file_bucket(self.content_bytes + FRAME_BYTES) - self.content_bytes - FRAME_BYTES
            self._trailer = self.content_bytes.to_bytes(LENGTH_BYTES, "big")
        if self._zeros > 0:
            count = min(self._zeros, size, len(_ZEROS))
            self._zeros -= count
            return _ZEROS[:count]
        trailer, self._trailer = self._trailer[:size], self._trailer[size:]
        return trailer


class UnpaddingSink:
    """Receives a decrypted stream and writes only its content into ``sink`` (a file).

    The content's end is known only from the trailer, so everything after the magic is written
    through but the last 8 bytes, and :meth:`finish` cuts the file at the true length: the
    zeros reach the file for a moment (they are zeros), the content is never held in memory.
    An unframed stream is written through as it is.
    """

    def __init__(self, sink: Truncatable) -> None:
        self._sink = sink
        self._head = b""
        self._framed: bool | None = None
        self._tail = b""
        self._written = 0

    def write(self, data: bytes, /) -> int:
        received = len(data)
        if self._framed is None:
            self._head += data
            if len(self._head) < len(MAGIC):
                return received
            data, self._head = self._head, b""
            self._framed = data.startswith(MAGIC)
            if self._framed:
                data = data[len(MAGIC) :]
        if not self._framed:
            self._sink.write(data)
            self._written += len(data)
            return received
        held = self._tail + data
        if len(held) > LENGTH_BYTES:
            self._sink.write(held[:-LENGTH_BYTES])
            self._written += len(held) - LENGTH_BYTES
            held = held[-LENGTH_BYTES:]
        self._tail = held
        return received

    def flush(self) -> None:
        """Nothing held that matters: the file is flushed by its owner."""

    def finish(self) -> int:
        """Cut the file to the content; returns the content's length."""
        if self._framed is None:  # shorter than the magic: an unframed plaintext
            self._sink.write(self._head)
            return len(self._head)
        if not self._framed:
            return self._written
        if len(self._tail) < LENGTH_BYTES:
            raise PaddingError("a padded plaintext cut off before its length")
        length = int.from_bytes(self._tail, "big")
        if length > self._written:
            raise PaddingError("a padded plaintext whose length is more than it holds")
        self._sink.truncate(length)
        return length

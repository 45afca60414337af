"""The blob store interface."""

from __future__ import annotations

import errno
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol, runtime_checkable

# Keys are random, so nothing about a source or a file can be read from a blob's name.
_KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")


class BlobNotFound(KeyError):
    """No blob with that key."""


class StoreFull(OSError):
    """The store has no room left (ENOSPC, or a quota): nothing of the blob was kept.

    Its own type so that the interfaces can say so (507) instead of "something went wrong", and
    so that the error is never mistaken for damage: freeing space is all it takes.
    """


# A full disk, or a full quota: both mean "no room", neither is the caller's fault.
NO_ROOM_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def no_room(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in NO_ROOM_ERRNOS


class InvalidBlobKey(ValueError):
    """A key that is not one this store generates; refused before touching any path."""


def new_blob_key() -> str:
    return secrets.token_hex(16)


def check_key(key: str) -> str:
    if not isinstance(key, str) or not _KEY_PATTERN.fullmatch(key):
        raise InvalidBlobKey(key)
    return key


@dataclass(frozen=True)
class StoredBlob:
    key: str
    size: int
    sha256: str


@runtime_checkable
class BlobWriter(Protocol):
    """A blob being written. Invisible to readers until :meth:`commit`."""

    key: str

    def write(self, data: bytes | memoryview, /) -> int:
        """Append ``data``, copied: as with ``io``'s ``write``, the caller may reuse its buffer."""

    def commit(self) -> StoredBlob:
        """Make the blob durable and visible under its key."""

    def abort(self) -> None:
        """Discard everything written; safe to call more than once and after commit fails."""


@runtime_checkable
class BlobStore(Protocol):
    def create(self) -> BlobWriter: ...

    def open(self, key: str) -> BinaryIO: ...

    def size(self, key: str) -> int: ...

    def delete(self, key: str) -> None:
        """Remove the blob; removing a missing blob is not an error."""

    def keys(self) -> Iterator[str]: ...

    def modified_at(self, key: str) -> float:
        """When the blob was written (Unix time): tipline check spares blobs younger than a grace
        period, which may belong to a submission whose rows are being committed right now."""

    def incomplete(self, min_age_seconds: float = 0) -> list[str]:
        """Describe leftovers of writes that never committed, changing nothing (tipline check)."""

    def discard_incomplete(self, min_age_seconds: float = 0) -> int:
        """Remove leftovers of writes that never committed (a killed process); return how many.

        With ``min_age_seconds``, younger leftovers are kept: another server may still be
        writing them."""

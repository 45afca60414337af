"""Blobs as files in a local folder: ``ROOT/ab/abcdef…``, written via ``ROOT/.incoming``."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tipline.storage.base import BlobNotFound, StoredBlob, StoreFull, check_key, new_blob_key, no_room
from tipline.storage.timestamps import open_without_atime, stamp, stamp_all

INCOMING = ".incoming"


class LocalBlobWriter:
    def __init__(self, root: Path, key: str) -> None:
        self.key = key
        self._root = root
        self._final = root / key[:2] / key
        self._partial = root / INCOMING / key
        try:
            fd = _create_locked(self._partial)
        except OSError as error:
            raise _full_or(error) from error
        # The new name changed the folder's mtime to this second (threat T1: days, not times).
        stamp(self._partial.parent)
        self._file: BinaryIO | None = os.fdopen(fd, "wb")
        self._digest = hashlib.sha256()
        self._size = 0

    def write(self, data: bytes | memoryview, /) -> int:
        if self._file is None:
            raise ValueError("write to a finished blob")
        try:
            self._file.write(data)
        except OSError as error:
            # No room: drop the partial file at once, so that the space it took is free again
            # for other requests (a small message may still fit) and nothing half-written stays.
            self.abort()
            raise _full_or(error) from error
        self._digest.update(data)
        self._size += len(data)
        return len(data)

    def commit(self) -> StoredBlob:
        if self._file is None:
            raise ValueError("blob already finished")
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None
            self._final.parent.mkdir(mode=0o700, exist_ok=True)
            os.rename(self._partial, self._final)
            # The blob, its shard folder, .incoming and (for a new shard) the root all say "this
            # second" now: back to the day (ctime is bounded by the Restamper, not here).
            stamp_all((self._final, self._final.parent, self._partial.parent, self._root))
            _fsync_dir(self._final.parent)
        except OSError as error:
            self.abort()
            raise _full_or(error) from error
        except BaseException:
            self.abort()
            raise
        return StoredBlob(self.key, self._size, self._digest.hexdigest())

    def abort(self) -> None:
        if self._file is not None:
            # Closing flushes what is buffered, which fails again on a full disk: the file is
            # being removed anyway.
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None
        self._partial.unlink(missing_ok=True)
        stamp(self._partial.parent)


def _create_locked(partial: Path) -> int:
    """Create ``partial`` for writing, already holding an exclusive flock on it.

    The lock says "a living process is writing this": the kernel drops it when the process
    dies, however it dies, so that a restarted server can tell leftovers of a killed one
    (unlocked) from writes in progress (locked) at once, without guessing from their age.
    With O_TMPFILE the file gets its name only once locked, so no one ever sees it unlocked.
    """
    fd = _tmpfile_locked_as(partial)
    if fd is not None:
        return fd
    # No O_TMPFILE (or no /proc): the name exists for an instant before the lock (O_EXCL: never
    # follow or reuse anything already there).
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def _tmpfile_locked_as(partial: Path) -> int | None:
    """An O_TMPFILE, locked, then linked as ``partial``; None where the system cannot do it."""
    try:
        fd = os.open(partial.parent, os.O_TMPFILE | os.O_WRONLY, 0o600)
    except (AttributeError, OSError) as error:
        if isinstance(error, OSError) and error.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            raise
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # A dir_fd makes Python call linkat(AT_SYMLINK_FOLLOW), which links the file the /proc
        # entry points to (plain link() would try to link the symlink itself). Fails if the name exists.
        folder = os.open(partial.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.link(f"/proc/self/fd/{fd}", partial.name, dst_dir_fd=folder, follow_symlinks=True)
        finally:
            os.close(folder)
    except FileNotFoundError:
        os.close(fd)
        if Path("/proc/self/fd").is_dir():
            raise  # the folder itself is gone: a real error
        return None  # no /proc in this sandbox
    except BaseException:
        os.close(fd)
        raise
    return fd


def held_by_a_living_writer(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return True  # committed or aborted meanwhile: not ours to touch
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also releases the lock taken just now
    return False


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / INCOMING).mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(root, 0o700)

    def _path(self, key: str) -> Path:
        check_key(key)
        return self.root / key[:2] / key

    def create(self) -> LocalBlobWriter:
        return LocalBlobWriter(self.root, new_blob_key())

    def open(self, key: str) -> BinaryIO:
        try:
            # Reading must not record when (a reply's atime would be the second its source read it).
            return os.fdopen(open_without_atime(self._path(key)), "rb")
        except FileNotFoundError:
            raise BlobNotFound(key) from None

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            raise BlobNotFound(key) from None

    def modified_at(self, key: str) -> float:
        # mtime is only the day (see timestamps): ctime is never earlier than the write, and
        # the Restamper leaves it alone once set, so a young blob never looks old.
        try:
            info = self._path(key).stat()
            return max(info.st_mtime, info.st_ctime)
        except FileNotFoundError:
            raise BlobNotFound(key) from None

    def delete(self, key: str) -> None:
        path = self._path(key)
        path.unlink(missing_ok=True)
        stamp(path.parent)  # its mtime would be the second of the deletion
        _fsync_dir(path.parent)

    def keys(self) -> Iterator[str]:
        for shard in sorted(self.root.iterdir()):
            if shard.name == INCOMING or not shard.is_dir():
                continue
            for blob in sorted(shard.iterdir()):
                yield blob.name

    def _leftovers(self, min_age_seconds: float) -> list[Path]:
        cutoff = time.time() - min_age_seconds
        found = []
        for path in sorted((self.root / INCOMING).iterdir()):
            try:
                # A write in progress keeps touching its file: a fresh mtime means "still alive".
                if min_age_seconds <= 0 or path.stat().st_mtime <= cutoff:
                    found.append(path)
            except FileNotFoundError:
                continue
        return found

    def incomplete(self, min_age_seconds: float = 0) -> list[str]:
        return [f"{INCOMING}/{path.name}" for path in self._leftovers(min_age_seconds)]

    def discard_abandoned(self) -> int:
        """Remove the leftovers of writers that died (a killed server), whatever their age.

        Safe while other processes write to the same folder: a write in progress holds its
        file's lock, and only files nobody holds are removed. `tipline serve` runs this at start.
        """
        abandoned = [path for path in self._leftovers(0) if not held_by_a_living_writer(path)]
        for path in abandoned:
            path.unlink(missing_ok=True)
        if abandoned:
            stamp(self.root / INCOMING)
            _fsync_dir(self.root / INCOMING)
        return len(abandoned)

    def discard_incomplete(self, min_age_seconds: float = 0) -> int:
        leftovers = self._leftovers(min_age_seconds)
        for path in leftovers:
            path.unlink(missing_ok=True)
        if leftovers:
            stamp(self.root / INCOMING)
        return len(leftovers)


def _full_or(error: OSError) -> OSError:
    """ENOSPC and EDQUOT as :class:`StoreFull`; any other error as it is."""
    if no_room(error) and not isinstance(error, StoreFull):
        return StoreFull(error.errno, "the blob store is full")
    return error


def _fsync_dir(path: Path) -> None:
    if not path.exists():
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

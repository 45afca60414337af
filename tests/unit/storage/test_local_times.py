"""The local store's file times say only the day (threat T1), and the restamper bounds ctime.

A seized disk must not say the second a source submitted (a blob's mtime), read a reply (its
atime) or deleted one (the shard folder's mtime).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.factories.disk import every_path_without_atime
from tipline.storage import LocalBlobStore
from tipline.storage.local import INCOMING, held_by_a_living_writer
from tipline.storage.timestamps import Restamper, is_midnight, midnight, open_without_atime, stamp

COARSE_CLOCK = 0.02


@pytest.fixture
def store(tmp_path: Path) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "store")


def _not_the_day(paths: list[Path]) -> list[str]:
    """Paths whose atime or mtime is anything but a UTC midnight."""
    found = []
    for path in paths:
        info = os.lstat(path)
        for what, value in (("mtime", info.st_mtime_ns), ("atime", info.st_atime_ns)):
            if not is_midnight(value):
                found.append(f"{path.name} {what} {value / 1e9:.3f}")
    return found


def _everything(root: Path) -> list[Path]:
    return every_path_without_atime(root)


def _write(store: LocalBlobStore, data: bytes = b"ciphertext") -> str:
    writer = store.create()
    writer.write(data)
    return writer.commit().key


def _reads_set_atime(folder: Path) -> bool:
    """Whether this filesystem sets atime on an ordinary read (relatime does, once atime is not
    newer than mtime); not on a ``noatime`` mount, where the O_NOATIME test proves nothing."""
    probe = folder / "atime-probe"
    probe.write_bytes(b"x")
    stamp(probe)
    with probe.open("rb") as file:
        file.read()
    changed = not is_midnight(os.stat(probe).st_atime_ns)
    probe.unlink()
    return changed


def test_a_written_blob_its_folders_and_incoming_carry_only_the_day(store: LocalBlobStore) -> None:
    _write(store)
    _write(store, b"another")
    assert [] == _not_the_day(_everything(store.root))


def test_deleting_a_blob_leaves_only_the_day_on_its_folder(store: LocalBlobStore) -> None:
    keys = [_write(store, bytes([n])) for n in range(40)]  # some shard folders keep other blobs
    time.sleep(0.01)
    for key in keys[::2]:
        store.delete(key)
    assert [] == _not_the_day(_everything(store.root))


def test_an_aborted_write_leaves_only_the_day_on_incoming(store: LocalBlobStore) -> None:
    writer = store.create()
    writer.write(b"half")
    writer.abort()
    assert [] == _not_the_day([store.root / INCOMING])


def test_reading_a_blob_does_not_set_its_atime(store: LocalBlobStore) -> None:
    if not _reads_set_atime(store.root):
        pytest.skip("this filesystem never sets atime on reads (noatime): nothing to prove here")
    key = _write(store)
    with store.open(key) as blob:
        assert b"ciphertext" == blob.read()
    assert [] == _not_the_day(_everything(store.root))


def test_opening_without_atime_falls_back_where_the_kernel_refuses(tmp_path: Path) -> None:
    """O_NOATIME is refused (EPERM) on files of another owner: the open must still work."""
    path = tmp_path / "blob"
    path.write_bytes(b"data")
    fd = open_without_atime(path)
    try:
        assert b"data" == os.read(fd, 10)
    finally:
        os.close(fd)
    with pytest.raises(FileNotFoundError):
        open_without_atime(tmp_path / "missing")


def test_a_young_blob_still_looks_young_to_tipline_check(store: LocalBlobStore) -> None:
    """mtime is midnight, but an orphan's grace period must count from the write."""
    before = time.time()
    key = _write(store)
    assert store.modified_at(key) >= before - 1


def test_the_restamper_sets_every_changed_path_to_the_day_and_bounds_its_ctime(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "store" / "ab").mkdir(parents=True)
    database = data / "tipline.sqlite"
    database.write_bytes(b"rows")
    (data / "store" / "ab" / "ab01").write_bytes(b"blob")
    time.sleep(0.05)
    restamper = Restamper([data])
    first = restamper.run()
    assert [] == _not_the_day(_everything(data))
    assert first.stamped == first.seen == 5
    # Every ctime is now the run's, not the moment of the write (the kernel stamps ctime from
    # its coarse clock, up to one tick behind time.time(): COARSE_CLOCK of slack).
    ctimes = [os.lstat(path).st_ctime for path in _everything(data)]
    assert min(ctimes) >= first.started - COARSE_CLOCK
    assert max(ctimes) <= first.started + first.seconds + COARSE_CLOCK

    # A write between two runs (the database, at every commit) is set again; nothing else is.
    untouched = os.lstat(data / "store" / "ab" / "ab01").st_ctime_ns
    with database.open("ab") as file:
        file.write(b"more")
    assert not is_midnight(os.lstat(database).st_mtime_ns)
    second = restamper.run()
    assert 1 == second.stamped  # the database alone: its folder did not change, nor did the blob
    assert [] == _not_the_day(_everything(data))
    assert untouched == os.lstat(data / "store" / "ab" / "ab01").st_ctime_ns
    assert midnight() * 1_000_000_000 == os.lstat(database).st_mtime_ns


def test_the_restamper_leaves_a_blob_being_written_alone(store: LocalBlobStore) -> None:
    writer = store.create()
    writer.write(b"still coming")
    partial = next((store.root / INCOMING).iterdir())
    assert held_by_a_living_writer(partial)
    written_at = os.lstat(partial).st_mtime_ns
    Restamper([store.root], skip=held_by_a_living_writer).run()
    assert written_at == os.lstat(partial).st_mtime_ns  # `tipline check` reads "alive" from it
    writer.abort()

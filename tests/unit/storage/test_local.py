"""LocalBlobStore: atomic writes through .incoming/, confined paths, private permissions."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest

from tipline.storage import BlobNotFound, BlobStore, BlobWriter, LocalBlobStore
from tipline.storage.base import InvalidBlobKey


@pytest.fixture
def store(tmp_path: Path) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "store")


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_the_local_store_implements_the_protocols(store: LocalBlobStore) -> None:
    assert isinstance(store, BlobStore)
    writer = store.create()
    assert isinstance(writer, BlobWriter)
    writer.abort()


def test_a_committed_blob_is_visible_with_its_size_and_digest(store: LocalBlobStore) -> None:
    writer = store.create()
    writer.write(b"cipher")
    writer.write(b"text")
    stored = writer.commit()
    assert writer.key == stored.key
    assert 10 == stored.size
    assert hashlib.sha256(b"ciphertext").hexdigest() == stored.sha256
    assert [stored.key] == list(store.keys())
    assert 10 == store.size(stored.key)
    with store.open(stored.key) as blob:
        assert b"ciphertext" == blob.read()
    assert store.root / stored.key[:2] / stored.key == _files_under(store.root)[0]


def test_an_uncommitted_blob_is_invisible(store: LocalBlobStore) -> None:
    writer = store.create()
    writer.write(b"half")
    assert [] == list(store.keys())
    with pytest.raises(BlobNotFound):
        store.open(writer.key)
    writer.abort()


def test_abort_leaves_nothing_anywhere(store: LocalBlobStore) -> None:
    """Neither the final place nor .incoming/ keeps a trace of an aborted write."""
    writer = store.create()
    writer.write(b"never to be kept")
    writer.abort()
    writer.abort()  # twice is harmless
    assert [] == _files_under(store.root)
    assert [] == list(store.keys())
    with pytest.raises(ValueError, match="finished"):
        writer.write(b"more")


def test_a_failing_commit_aborts(store: LocalBlobStore) -> None:
    """If the rename fails (here: the shard folder is a file), nothing is left in .incoming/."""
    writer = store.create()
    writer.write(b"data")
    (store.root / writer.key[:2]).write_bytes(b"in the way")
    with pytest.raises(FileExistsError):
        writer.commit()
    assert [store.root / writer.key[:2]] == _files_under(store.root)


@pytest.mark.parametrize(
    "key",
    [
        "../../etc/passwd",
        "../" + "0" * 29,
        "/" + "a" * 31,
        "A" * 32,  # upper case is not what the store generates
        "0" * 31,
        "0" * 33,
        "0" * 31 + "\n",
        "",
        ".incoming",
    ],
)
def test_keys_that_are_not_32_hex_digits_are_refused(store: LocalBlobStore, key: str) -> None:
    """A key is checked before any path is built from it: no traversal, no surprises."""
    for operation in (store.open, store.size, store.delete):
        with pytest.raises(InvalidBlobKey):
            operation(key)


def test_delete_removes_and_is_idempotent(store: LocalBlobStore) -> None:
    writer = store.create()
    writer.write(b"x")
    key = writer.commit().key
    store.delete(key)
    store.delete(key)
    store.delete("f" * 32)  # never existed
    assert [] == list(store.keys())
    with pytest.raises(BlobNotFound):
        store.size(key)


def test_discard_incomplete_removes_leftovers_of_a_killed_process(store: LocalBlobStore) -> None:
    committed = store.create()
    committed.write(b"kept")
    key = committed.commit().key
    # What a process killed mid-upload leaves: partial files nobody will commit.
    for leftover in ("a" * 32, "b" * 32, "c" * 32):
        (store.root / ".incoming" / leftover).write_bytes(b"left behind")
    assert 3 == store.discard_incomplete()
    assert [] == list((store.root / ".incoming").iterdir())
    assert [key] == list(store.keys())
    assert 0 == store.discard_incomplete()


def test_files_are_0600_and_folders_0700(store: LocalBlobStore) -> None:
    writer = store.create()
    partial = store.root / ".incoming" / writer.key
    assert 0o600 == stat.S_IMODE(partial.stat().st_mode)
    key = writer.commit().key
    assert 0o700 == stat.S_IMODE(store.root.stat().st_mode)
    assert 0o700 == stat.S_IMODE((store.root / ".incoming").stat().st_mode)
    assert 0o700 == stat.S_IMODE((store.root / key[:2]).stat().st_mode)
    assert 0o600 == stat.S_IMODE((store.root / key[:2] / key).stat().st_mode)


def test_keys_are_random_and_unique(store: LocalBlobStore) -> None:
    writers = [store.create() for _ in range(20)]
    assert 20 == len({w.key for w in writers})
    for writer in writers:
        writer.abort()

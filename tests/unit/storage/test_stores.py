"""Both blob stores keep the same promises: the local folder and a real S3 server (SeaweedFS)."""

from __future__ import annotations

import secrets
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tipline.storage import BlobNotFound, BlobStore, LocalBlobStore
from tipline.storage.s3 import MIN_PART_SIZE, S3BlobStore, S3Location, make_client

MiB = 1024 * 1024


def _s3_store(s3_settings: dict[str, str], part_size: int = MIN_PART_SIZE) -> S3BlobStore:
    location = S3Location(
        bucket=s3_settings["s3_bucket"],
        endpoint_url=s3_settings["s3_endpoint_url"],
        access_key_id=s3_settings["s3_access_key_id"],
        secret_access_key=s3_settings["s3_secret_access_key"],
        prefix=s3_settings["s3_prefix"],
    )
    store = S3BlobStore(location, part_size=part_size)
    store.ensure_bucket()
    return store


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BlobStore]:
    if request.param == "local":
        yield LocalBlobStore(tmp_path / "store")
    else:
        yield _s3_store(request.getfixturevalue("s3_settings"))


def _write(store: BlobStore, data: bytes, chunk: int = 64 * 1024) -> str:
    writer = store.create()
    for start in range(0, len(data), chunk):
        writer.write(data[start : start + chunk])
    return writer.commit().key


def test_blob_round_trip(store: BlobStore) -> None:
    data = secrets.token_bytes(300_000)
    key = _write(store, data)
    with store.open(key) as blob:
        assert data == blob.read()
    assert len(data) == store.size(key)
    assert [key] == list(store.keys())
    store.delete(key)
    store.delete(key)  # deleting a missing blob is no error
    assert [] == list(store.keys())
    with pytest.raises(BlobNotFound):
        store.open(key)


def test_multipart_blob_round_trip_with_digest(store: BlobStore) -> None:
    """A blob larger than two parts arrives whole, and its recorded digest is the content's."""
    import hashlib

    data = secrets.token_bytes(2 * MIN_PART_SIZE + 12345)
    writer = store.create()
    for start in range(0, len(data), MiB):
        writer.write(data[start : start + MiB])
    stored = writer.commit()
    assert (len(data), hashlib.sha256(data).hexdigest()) == (stored.size, stored.sha256)
    with store.open(stored.key) as blob:
        assert data == blob.read()


def test_nothing_is_visible_before_commit(store: BlobStore) -> None:
    writer = store.create()
    writer.write(secrets.token_bytes(MIN_PART_SIZE + 1))  # past one part: a multipart upload is under way
    assert [] == list(store.keys())
    with pytest.raises(BlobNotFound):
        store.open(writer.key)
    writer.commit()
    assert [writer.key] == list(store.keys())


def test_aborted_upload_leaves_no_object_and_no_incomplete_upload(store: BlobStore) -> None:
    # Given an upload cut off after two parts were sent
    writer = store.create()
    writer.write(secrets.token_bytes(2 * MIN_PART_SIZE + 10))
    assert 1 == len(store.incomplete())
    # When it is aborted
    writer.abort()
    writer.abort()  # twice is harmless
    # Then nothing at all is left behind
    assert [] == list(store.keys())
    assert [] == store.incomplete()


def test_leftovers_of_a_killed_writer_are_found_and_discarded(store: BlobStore) -> None:
    # Given a writer that was never committed nor aborted (its process was killed)
    writer = store.create()
    writer.write(secrets.token_bytes(MIN_PART_SIZE + 10))
    # Then check sees it, a young-leftover grace period spares it, and discard removes it
    assert 1 == len(store.incomplete())
    assert 0 == store.discard_incomplete(min_age_seconds=3600)
    assert 1 == store.discard_incomplete()
    assert [] == store.incomplete()
    assert [] == list(store.keys())
    writer.abort()  # releases the local file handle; the upload is gone already


def test_s3_upload_streams_one_part_at_a_time(s3_settings: dict[str, str]) -> None:
    """40 MiB go up through 5 MiB parts: the writer never holds much more than one part."""
    store = _s3_store(s3_settings)
    chunk = secrets.token_bytes(MiB)
    tracemalloc.start()
    try:
        writer = store.create()
        for _ in range(40):
            writer.write(chunk)
        stored = writer.commit()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert 40 * MiB == stored.size
    assert peak < 4 * MIN_PART_SIZE, f"peak {peak / MiB:.1f} MiB"
    client: Any = make_client(store.location)
    head = client.head_object(Bucket=store.bucket, Key=f"{s3_settings['s3_prefix']}/{stored.key[:2]}/{stored.key}")
    assert 40 * MiB == head["ContentLength"]
    assert head["ETag"].strip('"').endswith("-8")  # an S3 multipart ETag: 8 parts of 5 MiB


def test_s3_small_blob_never_starts_a_multipart_upload(s3_settings: dict[str, str]) -> None:
    store = _s3_store(s3_settings)
    writer = store.create()
    writer.write(b"tiny ciphertext")
    assert [] == store.incomplete()
    writer.abort()
    assert [] == list(store.keys())

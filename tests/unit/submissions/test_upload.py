"""EncryptedUpload: reads a file part into ciphertext (pyrage pulls it); all or nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tipline.crypto.age import DecryptionError, EncryptionError, decrypt_bytes, generate_identity
from tipline.crypto.padding import unpad
from tipline.errors import UploadTooLarge
from tipline.storage import LocalBlobStore
from tipline.submissions.upload import EncryptedUpload


@pytest.fixture
def store(tmp_path: Path) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "store")


def test_finish_stores_ciphertext_of_exactly_what_was_written(store: LocalBlobStore) -> None:
    identity, recipient = generate_identity()
    upload = EncryptedUpload(store, [recipient], limit=1000)
    assert upload.complete is False
    upload.receive(io.BytesIO(b"first part, second part"))  # read to its end: the part arrived whole
    assert upload.complete is True
    stored = upload.finish()
    assert stored == upload.finish()  # finishing twice returns the same blob
    assert 23 == upload.plaintext_size
    with store.open(stored.key) as blob:
        assert b"first part, second part" == unpad(decrypt_bytes(blob.read(), [identity]))
    upload.abort()  # after finish: keeps the blob
    assert [stored.key] == list(store.keys())


def test_nothing_is_visible_before_finish_and_nothing_remains_after_abort(store: LocalBlobStore) -> None:
    identity, recipient = generate_identity()
    upload = EncryptedUpload(store, [recipient], limit=1000)
    upload.receive(io.BytesIO(b"a whole file"))
    assert [] == list(store.keys())
    (partial,) = (store.root / ".incoming").iterdir()
    with pytest.raises(DecryptionError):  # age's final chunk is held back until finish: it never opens
        decrypt_bytes(partial.read_bytes(), [identity])
    upload.abort()
    upload.abort()
    assert [] == list(store.keys())
    assert [] == list((store.root / ".incoming").iterdir())


def test_the_limit_counts_plaintext(store: LocalBlobStore) -> None:
    upload = EncryptedUpload(store, [generate_identity()[1]], limit=5)
    with pytest.raises(UploadTooLarge):
        upload.receive(io.BytesIO(b"123456"))
    assert upload.complete is False
    with pytest.raises(ValueError, match="did not arrive whole"):
        upload.finish()
    upload.abort()
    assert [] == list((store.root / ".incoming").iterdir())


def test_exactly_the_limit_is_taken(store: LocalBlobStore) -> None:
    identity, recipient = generate_identity()
    upload = EncryptedUpload(store, [recipient], limit=5)
    upload.receive(io.BytesIO(b"12345"))
    with store.open(upload.finish().key) as blob:
        assert b"12345" == unpad(decrypt_bytes(blob.read(), [identity]))


class CutOff:
    """A part whose body stops half-way: it raises (as the parser does), it never just ends."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, size: int = -1, /) -> bytes:
        self.reads += 1
        if self.reads > 20:
            raise ConnectionResetError("the client went away")
        return b"x" * 8192


def test_a_part_cut_off_leaves_nothing_and_raises_its_own_error(store: LocalBlobStore) -> None:
    upload = EncryptedUpload(store, [generate_identity()[1]], limit=10**9)
    with pytest.raises(ConnectionResetError):
        upload.receive(CutOff())
    assert upload.complete is False
    assert [] == list((store.root / ".incoming").iterdir())
    assert [] == list(store.keys())


def test_a_bad_recipient_leaves_no_partial_blob(store: LocalBlobStore) -> None:
    with pytest.raises(EncryptionError, match="recipient"):
        EncryptedUpload(store, ["age1bogus"], limit=5)
    assert [] == list((store.root / ".incoming").iterdir())

"""EncryptedUpload: the file object Werkzeug writes a file part into; ciphertext only, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipline.crypto.age import EncryptionError, decrypt_bytes, generate_identity
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
    upload.write(b"first part, ")
    upload.write(b"second part")
    assert upload.complete is False
    upload.seek(0)  # Werkzeug's signal that the part arrived whole
    assert upload.complete is True
    stored = upload.finish()
    assert stored == upload.finish()  # finishing twice returns the same blob
    assert 23 == upload.plaintext_size
    with store.open(stored.key) as blob:
        assert b"first part, second part" == unpad(decrypt_bytes(blob.read(), [identity]))
    upload.abort()  # after finish: keeps the blob
    assert [stored.key] == list(store.keys())


def test_nothing_is_visible_before_finish_and_nothing_remains_after_abort(store: LocalBlobStore) -> None:
    upload = EncryptedUpload(store, [generate_identity()[1]], limit=1000)
    upload.write(b"half a file")
    assert [] == list(store.keys())
    upload.abort()
    upload.abort()
    assert [] == list(store.keys())
    assert [] == list((store.root / ".incoming").iterdir())


def test_the_limit_counts_plaintext(store: LocalBlobStore) -> None:
    upload = EncryptedUpload(store, [generate_identity()[1]], limit=5)
    upload.write(b"12345")
    with pytest.raises(UploadTooLarge):
        upload.write(b"6")
    upload.abort()
    assert [] == list((store.root / ".incoming").iterdir())


def test_an_upload_cannot_be_read_back(store: LocalBlobStore) -> None:
    upload = EncryptedUpload(store, [generate_identity()[1]], limit=5)
    with pytest.raises(OSError, match="cannot be read back"):
        upload.read()
    upload.abort()


def test_a_bad_recipient_leaves_no_partial_blob(store: LocalBlobStore) -> None:
    with pytest.raises(EncryptionError, match="recipient"):
        EncryptedUpload(store, ["age1bogus"], limit=5)
    assert [] == list((store.root / ".incoming").iterdir())

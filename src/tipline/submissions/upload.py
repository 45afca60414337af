"""An upload encrypted as it is read: a file part in, a ciphertext blob out."""

from __future__ import annotations

from collections.abc import Sequence

from tipline.crypto.age import EncryptionError, Readable
from tipline.crypto.age_writer import AgeWriter
from tipline.crypto.padding import PaddingReader
from tipline.errors import UploadTooLarge
from tipline.storage import BlobStore, BlobWriter, StoredBlob

# The most asked of the part at a time: the parser hands on what it holds (up to a megabyte of
# the body), whole, so that the writer seals the chunks inside it where they lie.
READ_BYTES = 1024 * 1024


class _Limited:
    """The part as read, counted; past the limit it raises, so the encryption stops unfinished."""

    def __init__(self, source: Readable, upload: EncryptedUpload) -> None:
        self._source = source
        self._upload = upload

    def read(self, size: int = -1, /) -> bytes:
        data = self._source.read(size)
        self._upload.plaintext_size += len(data)
        if self._upload.plaintext_size > self._upload.limit:
            raise UploadTooLarge()
        return data


class EncryptedUpload:
    """Age-encrypts a file part into a new, not yet visible, blob.

    :meth:`receive` reads the part to its end, in large pieces, through the padding frame
    (crypto/padding.py: the blob's size, which the database and the API show, says only the
    bucket) into our age writer (crypto/age_writer.py), on the caller's thread. Counts plaintext
    bytes (for the manifest) and refuses past ``limit``. Nothing is visible in the store until
    :meth:`finish` and then the caller's commit; until :meth:`finish`, age's final chunk is not
    even sealed, so what lies in ``.incoming/`` never opens.
    """

    def __init__(self, store: BlobStore, recipients: Sequence[str], limit: int) -> None:
        self._blob: BlobWriter = store.create()
        try:
            self._encryption = AgeWriter(self._blob, recipients)
        except BaseException:
            self._blob.abort()
            raise
        self.limit = limit
        self.plaintext_size = 0
        self.complete = False
        self._stored: StoredBlob | None = None
        self._aborted = False

    def receive(self, part: Readable, /) -> None:
        """Encrypt all of ``part`` (read until it ends): then the upload is complete. If the part
        raises (cut off, too large) or the store fails, the upload is aborted and that error raised."""
        if self.complete or self._aborted:
            raise ValueError("an upload receives one part")
        frame = PaddingReader(_Limited(part, self))
        try:
            while piece := frame.read(READ_BYTES):
                self._encryption.write(piece)
        except BaseException:
            # The part's own error (cut off, too large) or the store's (StoreFull: discard now,
            # so that the space is free at once), as it was raised.
            self.abort()
            raise
        self.complete = True

    # --- lifecycle ---
    def finish(self) -> StoredBlob:
        """Make the ciphertext whole and durable (still unreferenced by any row)."""
        if not self.complete:
            raise ValueError("an upload that did not arrive whole cannot be finished")
        if self._stored is None:
            try:
                self._encryption.finish()
                self._stored = self._blob.commit()
            except (EncryptionError, OSError):
                self.abort()
                raise
        return self._stored

    def abort(self) -> None:
        """Discard the ciphertext; does nothing once :meth:`finish` has succeeded."""
        if self._aborted or self._stored is not None:
            return
        self._aborted = True
        self._encryption.abort()
        self._blob.abort()

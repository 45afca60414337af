"""An upload being encrypted as it streams in: plaintext in, ciphertext blob out."""

from __future__ import annotations

from collections.abc import Sequence

from tipline.crypto.age import EncryptionError, StreamingEncryptor
from tipline.crypto.padding import PaddingWriter
from tipline.errors import UploadTooLarge
from tipline.storage import BlobStore, BlobWriter, StoredBlob


class EncryptedUpload:
    """A write-only stream that age-encrypts into a new, not yet visible, blob.

    Counts plaintext bytes (for the manifest) and refuses past ``limit``. Nothing is visible in
    the store until :meth:`finish` and then the caller's commit. The plaintext is framed and
    padded to a size bucket inside the encryption (crypto/padding.py): the blob's size, which the
    database and the API show, says only the bucket.
    """

    def __init__(self, store: BlobStore, recipients: Sequence[str], limit: int) -> None:
        self._blob: BlobWriter = store.create()
        try:
            self._encryptor = StreamingEncryptor(self._blob, recipients)
            self._padding = PaddingWriter(self._encryptor)
        except BaseException:
            self._blob.abort()
            raise
        self._limit = limit
        self.plaintext_size = 0
        self.complete = False
        self._stored: StoredBlob | None = None
        self._aborted = False

    # --- the file-object surface Werkzeug's multipart parser uses ---
    def write(self, data: bytes) -> int:
        self.plaintext_size += len(data)
        if self.plaintext_size > self._limit:
            raise UploadTooLarge()
        try:
            return self._padding.write(data)
        except (EncryptionError, OSError) as error:
            # A full store or a failing disk: discard now, so that the space is free at once.
            self.abort()
            raise _store_error(error) from None

    def seek(self, offset: int, whence: int = 0) -> int:
        # Werkzeug seeks to 0 when a file part has arrived whole: that is our "complete" signal.
        self.complete = True
        return 0

    def read(self, size: int = -1) -> bytes:
        raise OSError("an encrypted upload cannot be read back")

    def flush(self) -> None:
        """Nothing to flush: bytes go straight to the encryptor."""

    # --- lifecycle ---
    def finish(self) -> StoredBlob:
        """Finish encryption and make the ciphertext durable (still unreferenced by any row)."""
        if self._stored is None:
            try:
                self._padding.finish()
                self._encryptor.close()
                self._stored = self._blob.commit()
            except (EncryptionError, OSError) as error:
                self.abort()
                raise _store_error(error) from None
        return self._stored

    def abort(self) -> None:
        """Discard the ciphertext; does nothing once :meth:`finish` has succeeded."""
        if self._aborted or self._stored is not None:
            return
        self._aborted = True
        self._encryptor.abort()
        self._blob.abort()


def _store_error(error: Exception) -> Exception:
    """The store's own error (StoreFull when there is no room) rather than the encryptor's wrapper."""
    cause = error.__cause__
    return cause if isinstance(error, EncryptionError) and isinstance(cause, OSError) else error

"""Where encrypted blobs live. Only ciphertext is ever handed to a store.

No framework, no database: the desk and tests use stores alone.
"""

from tipline.storage.base import BlobNotFound, BlobStore, BlobWriter, StoredBlob, StoreFull, new_blob_key, no_room
from tipline.storage.local import LocalBlobStore

__all__ = [
    "BlobNotFound",
    "BlobStore",
    "BlobWriter",
    "LocalBlobStore",
    "StoreFull",
    "StoredBlob",
    "new_blob_key",
    "no_room",
]

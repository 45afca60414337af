"""Where encrypted blobs live. Only ciphertext is ever handed to a store.

No framework, no database: the desk and tests use stores alone.
"""

from tipline.storage.base import BlobNotFound, BlobStore, BlobWriter, StoredBlob, new_blob_key
from tipline.storage.local import LocalBlobStore

__all__ = ["BlobNotFound", "BlobStore", "BlobWriter", "LocalBlobStore", "StoredBlob", "new_blob_key"]

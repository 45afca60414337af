"""Blobs as objects in an S3-compatible bucket (AWS S3, SeaweedFS, MinIO, Ceph…).

A blob is written with a multipart upload, one part at a time: the process never holds more
than one part (``part_size`` bytes) of any file, whatever its size. Nothing is visible under
the blob's key until :meth:`S3BlobWriter.commit` completes the upload; :meth:`abort` aborts it,
so an interrupted upload leaves neither an object nor an orphaned multipart upload behind.
Small blobs (under one part) are sent with a single PUT on commit and never start a multipart
upload at all.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO

from tipline.storage.base import BlobNotFound, StoredBlob, check_key, new_blob_key

# S3 requires parts of at least 5 MiB (except the last); 8 MiB keeps memory small and requests few.
DEFAULT_PART_SIZE = 8 * 1024 * 1024
MIN_PART_SIZE = 5 * 1024 * 1024


@dataclass(frozen=True)
class S3Location:
    """Where the store lives. The credentials are the newsroom's, never a source's."""

    bucket: str
    endpoint_url: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    region: str = "us-east-1"
    prefix: str = ""


def make_client(location: S3Location) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(
        s3={"addressing_style": "path"},
        retries={"max_attempts": 3, "mode": "standard"},
        # Many S3-compatible servers reject the newer default checksum headers; integrity is
        # checked by our own SHA-256 (recorded in the database) and by age's authentication.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        connect_timeout=10,
        read_timeout=120,
    )
    return boto3.client(
        "s3",
        endpoint_url=location.endpoint_url or None,
        aws_access_key_id=location.access_key_id or None,
        aws_secret_access_key=location.secret_access_key or None,
        region_name=location.region,
        config=config,
    )


def _is_missing(error: Exception) -> bool:
    response = getattr(error, "response", None)
    code = str((response or {}).get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound", "NoSuchUpload"}


@contextmanager
def _blob_named(key: str) -> Iterator[None]:
    """S3's answer that the object is not there as BlobNotFound(key); any other error as it is."""
    try:
        yield
    except Exception as error:
        if _is_missing(error):
            raise BlobNotFound(key) from None
        raise


class S3BlobWriter:
    def __init__(self, client: Any, bucket: str, object_key: str, key: str, part_size: int) -> None:
        self.key = key
        self._client = client
        self._bucket = bucket
        self._object_key = object_key
        self._part_size = part_size
        self._buffer = bytearray()
        self._upload_id: str | None = None
        self._parts: list[dict[str, Any]] = []
        self._digest = hashlib.sha256()
        self._size = 0
        self._finished = False

    def write(self, data: bytes | memoryview, /) -> int:
        if self._finished:
            raise ValueError("write to a finished blob")
        self._buffer += data
        self._digest.update(data)
        self._size += len(data)
        while len(self._buffer) >= self._part_size:
            self._send_part(bytes(self._buffer[: self._part_size]))
            del self._buffer[: self._part_size]
        return len(data)

    def _send_part(self, chunk: bytes) -> None:
        if self._upload_id is None:
            started = self._client.create_multipart_upload(Bucket=self._bucket, Key=self._object_key)
            self._upload_id = str(started["UploadId"])
        number = len(self._parts) + 1
        sent = self._client.upload_part(
            Bucket=self._bucket, Key=self._object_key, UploadId=self._upload_id, PartNumber=number, Body=chunk
        )
        self._parts.append({"ETag": sent["ETag"], "PartNumber": number})

    def commit(self) -> StoredBlob:
        if self._finished:
            raise ValueError("blob already finished")
        try:
            if self._upload_id is None:
                self._client.put_object(Bucket=self._bucket, Key=self._object_key, Body=bytes(self._buffer))
            else:
                if self._buffer:
                    self._send_part(bytes(self._buffer))
                self._client.complete_multipart_upload(
                    Bucket=self._bucket,
                    Key=self._object_key,
                    UploadId=self._upload_id,
                    MultipartUpload={"Parts": self._parts},
                )
                self._upload_id = None
            self._buffer.clear()
            self._finished = True
        except BaseException:
            self.abort()
            raise
        return StoredBlob(self.key, self._size, self._digest.hexdigest())

    def abort(self) -> None:
        self._finished = True
        self._buffer.clear()
        if self._upload_id is not None:
            upload_id, self._upload_id = self._upload_id, None
            # Parts of an aborted upload are ciphertext, but they cost space and would be
            # readable by whoever lists the bucket's uploads: remove them now.
            try:
                self._client.abort_multipart_upload(Bucket=self._bucket, Key=self._object_key, UploadId=upload_id)
            except Exception as error:
                if not _is_missing(error):  # already discarded (tipline check --repair): fine
                    raise


@dataclass(frozen=True)
class IncompleteUpload:
    object_key: str
    upload_id: str
    initiated: datetime.datetime | None


class S3BlobStore:
    def __init__(self, location: S3Location, client: Any | None = None, part_size: int = DEFAULT_PART_SIZE) -> None:
        if part_size < MIN_PART_SIZE:
            raise ValueError("S3 parts must be at least 5 MiB")
        self.location = location
        self.bucket = location.bucket
        self._prefix = location.prefix.strip("/") + "/" if location.prefix.strip("/") else ""
        self._client = client if client is not None else make_client(location)
        self._part_size = part_size

    def _object_key(self, key: str) -> str:
        check_key(key)
        return f"{self._prefix}{key[:2]}/{key}"

    def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist yet (tipline init)."""
        try:
            self._client.head_bucket(Bucket=self.bucket)
        except Exception as error:
            if not _is_missing(error) and "NoSuchBucket" not in str(error):
                raise
            self._client.create_bucket(Bucket=self.bucket)

    def create(self) -> S3BlobWriter:
        key = new_blob_key()
        return S3BlobWriter(self._client, self.bucket, self._object_key(key), key, self._part_size)

    def open(self, key: str) -> BinaryIO:
        with _blob_named(key):
            response = self._client.get_object(Bucket=self.bucket, Key=self._object_key(key))
        return io.BufferedReader(_StreamingBody(response["Body"]), buffer_size=256 * 1024)

    def size(self, key: str) -> int:
        with _blob_named(key):
            head = self._client.head_object(Bucket=self.bucket, Key=self._object_key(key))
        return int(head["ContentLength"])

    def modified_at(self, key: str) -> float:
        with _blob_named(key):
            head = self._client.head_object(Bucket=self.bucket, Key=self._object_key(key))
        return float(head["LastModified"].timestamp())

    def delete(self, key: str) -> None:
        self._client.delete_object(Bucket=self.bucket, Key=self._object_key(key))

    def keys(self) -> Iterator[str]:
        paginator = self._client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._prefix):
            for item in page.get("Contents", []):
                name = str(item["Key"])[len(self._prefix) :]
                shard, _, key = name.partition("/")
                if len(shard) == 2 and key.startswith(shard):
                    yield key

    def objects(self) -> Iterator[tuple[str, datetime.datetime]]:
        """Every object under the prefix with its LastModified (the restamp job reads these)."""
        paginator = self._client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._prefix):
            for item in page.get("Contents", []):
                yield str(item["Key"]), item["LastModified"]

    def rewrite_in_place(self, object_key: str) -> datetime.datetime | None:
        """Copy an object onto itself, server-side: its LastModified becomes now (no S3 call sets it
        to anything else). Returns the new LastModified; None if the object is gone meanwhile.
        A single copy takes objects up to 5 GiB, above max_upload_bytes' default of 2 GiB."""
        try:
            self._client.copy_object(
                Bucket=self.bucket,
                Key=object_key,
                CopySource={"Bucket": self.bucket, "Key": object_key},
                MetadataDirective="REPLACE",  # required to copy an object onto itself
            )
            head = self._client.head_object(Bucket=self.bucket, Key=object_key)
        except Exception as error:
            if _is_missing(error):
                return None
            raise
        modified: datetime.datetime = head["LastModified"]
        return modified

    def incomplete_uploads(self) -> list[IncompleteUpload]:
        found: list[IncompleteUpload] = []
        paginator = self._client.get_paginator("list_multipart_uploads")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._prefix):
            for upload in page.get("Uploads", []):
                initiated = upload.get("Initiated")
                found.append(
                    IncompleteUpload(
                        str(upload["Key"]),
                        str(upload["UploadId"]),
                        initiated if isinstance(initiated, datetime.datetime) else None,
                    )
                )
        return found

    def incomplete(self, min_age_seconds: float = 0) -> list[str]:
        cutoff = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=min_age_seconds)
        return [
            f"{upload.object_key} (multipart upload {upload.upload_id})"
            for upload in self.incomplete_uploads()
            if min_age_seconds <= 0 or upload.initiated is None or upload.initiated <= cutoff
        ]

    def discard_incomplete(self, min_age_seconds: float = 0) -> int:
        cutoff = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=min_age_seconds)
        discarded = 0
        for upload in self.incomplete_uploads():
            if min_age_seconds > 0 and upload.initiated is not None and upload.initiated > cutoff:
                continue  # possibly still being written by another server
            try:
                self._client.abort_multipart_upload(
                    Bucket=self.bucket, Key=upload.object_key, UploadId=upload.upload_id
                )
            except Exception as error:
                if not _is_missing(error):
                    raise
            discarded += 1
        return discarded


class _StreamingBody(io.RawIOBase):
    """botocore's body as a binary file object, read in the caller's chunks (never all at once)."""

    def __init__(self, body: Any) -> None:
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._body.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._body.close()
        super().close()

"""A hostile journalist API on loopback: says whatever a test tells it to, to prove the desk
trusts nothing a server says (threat T9).

It speaks just enough of API v1 for `tipline desk login/fetch/reply`: a token, the root (with a
newsroom recipient), sources, submissions, downloads with a SHA-256 ETag, and replies (kept so a
test can try to read them with the server's own keys). A forged batch needs only the newsroom's
public recipient, exactly what a server (or anyone) holds.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tipline.crypto.age import encrypt_bytes, generate_identity
from tipline.submissions.manifest import Manifest, ManifestItem

PREFIX = "/api/v1"
# Every control byte a hostile string may carry: clipboard write (OSC 52), hidden text (SGR 8),
# a window title, an 8-bit CSI, a bell; and Rich markup that crashed `case list`.
CONTROL = "\x1b]52;c;cHduZWQ=\x07\x1b[8m\x1b]0;title\x07\x9b31m\x07\x00[/][bold]"


@dataclass
class Batch:
    uuid: str
    received_on: object
    # (uuid, kind, size, ciphertext) per submission, plus the encrypted manifest
    submissions: list[dict[str, Any]]
    blobs: dict[str, bytes]


@dataclass
class FakeSource:
    uuid: object
    designation: object
    key: object
    batches: list[Batch] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def listing(self) -> dict[str, Any]:
        base = f"{PREFIX}/sources/{self.uuid}"
        body = {
            "uuid": self.uuid,
            "journalist_designation": self.designation,
            "key": self.key,
            "number_of_submissions": sum(len(b.submissions) for b in self.batches),
            "number_of_replies": 0,
            "created_on": "2026-11-20",
            "last_updated": "2026-11-26",
            "url": base,
            "submissions_url": f"{base}/submissions",
            "replies_url": f"{base}/replies",
        }
        return body | self.extra


@dataclass
class FakeApi:
    """State the handler serves; tests change it between desk commands."""

    newsroom_recipient: str
    port: int = 0
    sources: list[FakeSource] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)
    reply_uuid: object = None  # what POST …/replies answers (None: a fresh uuid)
    error_message: str | None = None  # when set, every GET /sources fails with this message
    # The server's own keys: a hostile server tries them on every reply it receives.
    server_identity: str = ""
    server_recipient: str = ""

    def __post_init__(self) -> None:
        self.server_identity, self.server_recipient = generate_identity()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add_source(self, designation: object, key: str, **extra: Any) -> FakeSource:
        source = FakeSource(str(uuid.uuid4()), designation, key, extra=extra)
        self.sources.append(source)
        return source

    def forge_batch(
        self,
        source: FakeSource,
        files: list[tuple[str | None, bytes]],
        *,
        received_on: object = "2026-11-26",
        batch_uuid: object = None,
        submission_overrides: dict[str, Any] | None = None,
        content_type: str | None = None,
    ) -> Batch:
        """A batch encrypted to the newsroom's public recipient: anyone can make one."""
        batch_id = batch_uuid if batch_uuid is not None else str(uuid.uuid4())
        items, submissions, blobs = [], [], {}
        for filename, plaintext in files:
            submission_uuid = str(uuid.uuid4())
            kind = "message" if filename is None else "file"
            blobs[submission_uuid] = encrypt_bytes(plaintext, [self.newsroom_recipient])
            items.append(ManifestItem(submission_uuid, kind, filename, content_type, len(plaintext)))
            base = f"{PREFIX}/sources/{source.uuid}"
            submissions.append(
                {
                    "uuid": submission_uuid,
                    "kind": kind,
                    "size": len(blobs[submission_uuid]),
                    "sha256": hashlib.sha256(blobs[submission_uuid]).hexdigest(),
                    "received_on": received_on,
                    "batch_uuid": batch_id,
                    "manifest_url": f"{base}/batches/{batch_id}/manifest",
                    "download_url": f"{base}/submissions/{submission_uuid}/download",
                }
                | (submission_overrides or {})
            )
        if isinstance(batch_id, str):
            blobs["manifest"] = encrypt_bytes(
                Manifest(batch=batch_id, items=tuple(items)).to_json(), [self.newsroom_recipient]
            )
        batch = Batch(str(batch_id), received_on, submissions, blobs)
        source.batches.append(batch)
        return batch

    # serving --------------------------------------------------------------------------------

    def route(self, method: str, path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        if method == "POST" and path == f"{PREFIX}/token":
            return _json(
                200, {"token": "fake-token-0123456789abcdef", "expiration": "2026-12-31", "journalist_username": "kim"}
            )
        if method == "GET" and path in (f"{PREFIX}/", PREFIX):
            return _json(200, {"newsroom_recipient": self.newsroom_recipient, "sources_url": f"{PREFIX}/sources"})
        if method == "GET" and path == f"{PREFIX}/sources":
            if self.error_message is not None:
                return _json(403, {"message": self.error_message})
            return _json(200, {"sources": [s.listing() for s in self.sources]})
        for source in self.sources:
            base = f"{PREFIX}/sources/{source.uuid}"
            if method == "GET" and path == f"{base}/submissions":
                return _json(200, {"submissions": [s for b in source.batches for s in b.submissions]})
            if method == "POST" and path == f"{base}/replies":
                self.replies.append({"source": source.uuid, "armored": json.loads(body)["reply"]})
                return _json(201, {"uuid": self.reply_uuid if self.reply_uuid is not None else str(uuid.uuid4())})
            for batch in source.batches:
                if method == "GET" and path == f"{base}/batches/{batch.uuid}/manifest":
                    return _blob(batch.blobs["manifest"])
                for submission in batch.submissions:
                    if method == "GET" and path == submission["download_url"]:
                        return _blob(batch.blobs[str(submission["uuid"])])
        return _json(404, {"message": "not found"})


def _json(status: int, body: Any) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode("utf-8")


def _blob(data: bytes) -> tuple[int, dict[str, str], bytes]:
    etag = f'"sha256:{hashlib.sha256(data).hexdigest()}"'
    return 200, {"Content-Type": "application/octet-stream", "ETag": etag}, data


@contextmanager
def serving(api: FakeApi) -> Iterator[FakeApi]:
    """Serve ``api`` on a free loopback port in a thread; stopped when the block ends."""

    class Handler(BaseHTTPRequestHandler):
        timeout = 10  # a stuck client never holds the test

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, headers, data = api.route(self.command, self.path, body)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    api.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

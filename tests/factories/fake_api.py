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
        """A SourceRecord as the API sends it (SecureDrop's fields, then Tipline's); ``extra``
        overrides any field, so a test can make any of them lie."""
        base = f"{PREFIX}/sources/{self.uuid}"
        count = sum(len(b.submissions) for b in self.batches)
        body = {
            "uuid": self.uuid,
            "url": base,
            "journalist_designation": self.designation,
            "is_flagged": False,
            "is_starred": False,
            "last_updated": "2026-11-26",
            "interaction_count": count,
            "key": {"type": "age", "public": self.key, "fingerprint": self.key},
            "number_of_documents": 0,
            "number_of_messages": count,
            "submissions_url": f"{base}/submissions",
            "add_star_url": f"{base}/add_star",
            "remove_star_url": f"{base}/remove_star",
            "replies_url": f"{base}/replies",
            "age_recipient": self.key,
            "number_of_submissions": count,
            "number_of_unread": count,
            "number_of_replies": 0,
            "created_on": "2026-11-20",
            "download_url": f"{base}/download",
            "status": "new",
            "labels": [],
            "assigned_to": None,
            "has_note": False,
            "change_seq": 1,
            "safety_codename_used_on": None,
            "safety_codename_of": None,
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
    notes: dict[str, Any] = field(default_factory=dict)  # GET …/notes answers, by source uuid (absent: 404)
    error_message: str | None = None  # when set, every GET /sources fails with this message
    # The server's own keys: a hostile server tries them on every reply it receives.
    server_identity: str = ""
    server_recipient: str = ""
    change_seq: int = 0  # the stamp of the last forged submission: what ?since= filters on
    purged_through: int = 0  # ?since= below this (and above 0) is answered 410, as after purged tombstones

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
            self.change_seq += 1
            submissions.append(
                {
                    "uuid": submission_uuid,
                    "filename": f"{len(submissions) + 1}-{kind}.age",
                    "is_file": kind == "file",
                    "is_message": kind == "message",
                    "is_read": False,
                    "seen_by": [],
                    "source_url": base,
                    "submission_url": f"{base}/submissions/{submission_uuid}",
                    "url": f"{base}/submissions/{submission_uuid}",
                    "source_uuid": source.uuid,
                    "interaction": len(submissions) + 1,
                    "change_seq": self.change_seq,
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

    def route(self, method: str, full_path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        path, _, query = full_path.partition("?")
        if method == "POST" and path == f"{PREFIX}/token":
            token = {
                "token": "fake-token-0123456789abcdef",
                "expiration": "2026-12-31T00:00:00Z",
                "journalist_uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, "kim")),
                "journalist_first_name": None,
                "journalist_last_name": None,
                "journalist_username": "kim",
            }
            return _json(200, token)
        if method == "GET" and path in (f"{PREFIX}/", PREFIX):
            return _json(200, {"newsroom_recipient": self.newsroom_recipient, "sources_url": f"{PREFIX}/sources"})
        if method == "GET" and path == f"{PREFIX}/sources":
            if self.error_message is not None:
                return _json(403, {"message": self.error_message})
            return _json(200, _page("sources", [s.listing() for s in self.sources], path, self.change_seq))
        if method == "GET" and path == f"{PREFIX}/submissions":
            since = int(dict(p.partition("=")[::2] for p in query.split("&")).get("since") or 0)
            if 0 < since < self.purged_through:
                return _json(410, {"message": "sync again with since=0"})
            items = [s for source in self.sources for b in source.batches for s in b.submissions]
            changed = [s for s in items if not isinstance(s.get("change_seq"), int) or s["change_seq"] > since]
            return _json(200, _page("submissions", changed, full_path, max(since, self.change_seq)))
        for source in self.sources:
            base = f"{PREFIX}/sources/{source.uuid}"
            if method == "GET" and path == f"{base}/submissions":
                return _json(200, {"submissions": [s for b in source.batches for s in b.submissions]})
            if method == "GET" and path == f"{base}/notes" and str(source.uuid) in self.notes:
                return _json(200, self.notes[str(source.uuid)])
            if method == "POST" and path == f"{base}/replies":
                sent = json.loads(body)
                self.replies.append({"source": source.uuid, "armored": sent["reply"]})
                chosen = self.reply_uuid if self.reply_uuid is not None else sent.get("uuid") or str(uuid.uuid4())
                return _json(201, {"message": "Your reply has been stored", "uuid": chosen})
            for batch in source.batches:
                if method == "GET" and path == f"{base}/batches/{batch.uuid}/manifest":
                    return _blob(batch.blobs["manifest"])
                for submission in batch.submissions:
                    if method == "GET" and path == submission["download_url"]:
                        return _blob(batch.blobs[str(submission["uuid"])])
        return _json(404, {"message": "not found"})


def _page(key: str, items: list[Any], path: str, cursor: int) -> dict[str, Any]:
    """A whole list as one page, in the SourceList/SubmissionList shape (links, cursor)."""
    links = {"first": path, "last": path, "next": None, "prev": None}
    return {
        key: items,
        "page": 1,
        "per_page": len(items),
        "total": len(items),
        "pages": 1,
        "links": links,
        "cursor": cursor,
    }


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

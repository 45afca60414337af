"""Our multipart parsing against a third party's cases: the `multipart-form-data-conformance` suite.

Each case of the suite (a raw body, its Content-Type and the parts it must give, or that it must be
refused) goes through a Flask app wired as the source interface is (``install_streamed_uploads``),
once in one read and once in reads of a few bytes (boundaries and headers split across reads).
File parts land in an in-memory sink, so what the parser hands the encryptor is compared byte for
byte. Where our parser deliberately differs from a case's expectation, the difference is listed
below with its reason and asserted as such, so that a change in either direction is seen.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import io
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request
from multipart_form_data_conformance import get_tests_dir
from werkzeug.wrappers import Request as WerkzeugRequest

from tipline.submissions.upload import READ_BYTES
from tipline.web.common.multipart import Part
from tipline.web.common.uploads import install_streamed_uploads

CASES = sorted(path.parent for path in get_tests_dir().glob("*/*/test.json"))

# Cases the suite calls valid that our parser does not take as the suite expects, and why that is
# acceptable for a tip line whose only multipart client is a browser.
DIFFERENT: dict[str, str] = {
    "044-boundary-special-chars": "an unquoted boundary with ' ( ) + , / : = ? is not read; browsers use [-A-Za-z0-9]",
    "046-whitespace-around-boundary": "an unquoted boundary with spaces around it is not read; no browser sends one",
    "061-lf-only-lenient": "bare LF line endings are refused: browsers send CRLF, and parsers that differ "
    "on where a line ends can be made to see different parts (the suite calls the leniency optional)",
    "062-mixed-endings": "as 061: a bare LF ends nothing",
}
# Cases the suite calls invalid that we accept, and why that is harmless.
ACCEPTED_ANYWAY: dict[str, str] = {}


@dataclass
class Parsed:
    status: int
    parts: list[dict[str, Any]]


class MemorySink(io.BytesIO):
    """What the parser would have handed the encryptor: the part, read as EncryptedUpload reads it
    (in pieces of up to ``READ_BYTES``)."""

    complete = False

    def receive(self, part: Part, /) -> None:
        while piece := part.read(READ_BYTES):
            self.write(piece)
        self.complete = True

    def abort(self) -> None:
        """Called at teardown, as on an EncryptedUpload: nothing to discard."""


class TrickleStream:
    """The body in reads of at most ``step`` bytes, as a slow network delivers it."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = data
        self._step = step

    def read(self, size: int = -1) -> bytes:
        size = self._step if size < 0 else min(size, self._step)
        piece, self._data = self._data[:size], self._data[size:]
        return piece


def build_app() -> Flask:
    app = Flask(__name__)
    app.config.update(MAX_FORM_MEMORY_SIZE=64 * 1024, MAX_FORM_PARTS=50)
    install_streamed_uploads(app, {"parse": MemorySink})

    @app.post("/parse")
    def parse() -> tuple[str, int]:
        parts: list[dict[str, Any]] = []
        for name, value in request.form.items(multi=True):
            parts.append({"name": name, "filename": None, "body": value.encode("utf-8")})
        for name, storage in request.files.items(multi=True):
            sink = storage.stream
            assert isinstance(sink, MemorySink)
            if not sink.complete:
                return "cut off", 400
            parts.append(
                {
                    "name": name,
                    "filename": storage.filename,
                    "content_type": storage.content_type,
                    "body": sink.getvalue(),
                }
            )
        return json.dumps(parts, default=lambda b: base64.b64encode(b).decode()), 200

    return app


APP = build_app()


def parse(case: Path, step: int | None) -> Parsed:
    headers = json.loads((case / "headers.json").read_text(encoding="utf-8"))
    body = (case / "input.raw").read_bytes()
    stream: Any = io.BytesIO(body) if step is None else TrickleStream(body, step)
    with APP.test_request_context(
        "/parse",
        method="POST",
        # Given whole, so that the test client builds no body of its own around it.
        environ_overrides={
            "wsgi.input": stream,
            "CONTENT_TYPE": headers["content-type"],
            "CONTENT_LENGTH": str(len(body)),
        },
    ):
        response = APP.full_dispatch_request()
    if response.status_code != 200:
        return Parsed(response.status_code, [])
    parts = json.loads(response.get_data(as_text=True))
    for part in parts:
        part["body"] = base64.b64decode(part["body"])
    return Parsed(200, parts)


def expected_body(part: dict[str, Any]) -> bytes | str:
    if "body_sha256" in part:
        return str(part["body_sha256"])
    if "body_base64" in part:
        return base64.b64decode(part["body_base64"])
    return str(part.get("body_text", "")).encode("utf-8")


def as_given(parsed: Parsed) -> list[tuple[str, str | None, bytes]]:
    # Werkzeug puts fields before files; an empty filename (a browser's empty file input) and
    # none are the same to the view.
    return sorted((p["name"], p["filename"] or None, p["body"]) for p in parsed.parts)


def as_expected(expected: dict[str, Any]) -> list[tuple[str, str | None, bytes | str]]:
    # One filename is handed on: filename*= (RFC 5987) where the part has it, as the suite prefers.
    return sorted(
        (p["name"], p.get("filename_star") or p.get("filename") or None, expected_body(p)) for p in expected["parts"]
    )


def hashed_where_expected(parsed: Parsed, expected: dict[str, Any]) -> list[tuple[str, str | None, bytes | str]]:
    """The suite gives large bodies as a SHA-256: compare those so."""
    hashed = {p["name"] for p in expected["parts"] if "body_sha256" in p}
    return sorted((n, f, hashlib.sha256(b).hexdigest() if n in hashed else b) for n, f, b in as_given(parsed))


def test_the_suite_is_there() -> None:
    assert len(CASES) >= 50, CASES


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_conformance_case(case: Path) -> None:
    spec = json.loads((case / "test.json").read_text(encoding="utf-8"))
    expected = spec["expected"]
    parsed = parse(case, None)
    if case.name in DIFFERENT:
        assert expected["valid"]
        assert parsed.status != 200 or hashed_where_expected(parsed, expected) != as_expected(expected), case.name
    elif not expected["valid"] and case.name not in ACCEPTED_ANYWAY:
        # Refused, or at least nothing half-parsed handed on as a whole file.
        assert parsed.status != 200 or all(p["filename"] is None for p in parsed.parts), parsed
    else:
        assert 200 == parsed.status, spec["description"]
        assert as_expected(expected) == hashed_where_expected(parsed, expected)
        for part in expected["parts"]:
            if part.get("filename") and part.get("content_type"):
                filename = part.get("filename_star") or part["filename"]
                given = next(p for p in parsed.parts if p["filename"] == filename)
                assert part["content_type"] == given["content_type"]


@pytest.mark.parametrize("step", [1, 7], ids=["1-byte reads", "7-byte reads"])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_conformance_case_in_short_reads(case: Path, step: int) -> None:
    """Boundaries, headers and CRLFs split across reads give the same parts as one read.

    (Werkzeug 3.1's parser, which this one replaced, kept the CR of a CRLF split from its
    delimiter in the part: 61 of these were expected failures.)
    """
    whole, split = parse(case, None), parse(case, step)
    assert (split.status, as_given(split)) == (whole.status, as_given(whole)), case.name


def test_the_werkzeug_hook_is_the_one_overridden() -> None:
    """uploads.install_streamed_uploads overrides Request._load_form_data, which Werkzeug 3 calls
    for request.form and request.files (and reads ``_cached_data`` after get_data)."""
    assert version("werkzeug").startswith("3."), "re-check StreamingRequest._load_form_data against this Werkzeug"
    assert "_load_form_data" in APP.request_class.__dict__
    source = inspect.getsource(WerkzeugRequest)
    assert source.count("self._load_form_data()") >= 2, "form and files no longer load through the hook"
    with APP.test_request_context("/parse", method="POST", data={"a": "b", "f": (io.BytesIO(b"c"), "c.txt")}):
        assert {"a": "b"} == request.form.to_dict()
        assert isinstance(request.files["f"].stream, MemorySink)

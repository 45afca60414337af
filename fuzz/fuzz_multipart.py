"""Fuzz multipart handling: the body of ``POST /submit`` is whatever the Tor network delivers.

Each input is a multipart/form-data body (boundary ``fuzzboundary``) sent through a Flask app
wired like the source interface: ``install_streamed_uploads`` (our request class and its
parser, ``web/common/multipart.py``, and a real ``EncryptedUpload`` into a real ``LocalBlobStore``
for each file part), the source app's form limits (scaled down) and its part limit. The first byte
picks the declared Content-Length: exact, shorter than the body, or longer (a body cut off).

Properties:
- the app answers 200, 400 or 413 (a malformed or cut-off body, RequestEntityTooLarge, UploadTooLarge):
  any other exception propagates and is a crash;
- no more encrypting uploads are opened than the source app's MAX_FORM_PARTS;
- after the request nothing is left: no blob, nothing in ``.incoming/``, nothing in the temp
  folder (nothing is spooled).

Run: ``python fuzz/fuzz_multipart.py -max_total_time=20 -dict=fuzz/multipart.dict`` (or ``bin/fuzz``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

# Instrumenting everything loaded (atheris.instrument_all) takes minutes with Flask and
# SQLAlchemy loaded: only the parser (multipart), Werkzeug and our own code are instrumented.
with atheris.instrument_imports(include=["multipart", "werkzeug", "tipline"]):
    from flask import Flask, request

    from tipline.crypto.age import generate_identity
    from tipline.errors import UploadTooLarge
    from tipline.storage.local import LocalBlobStore
    from tipline.submissions.upload import EncryptedUpload
    from tipline.web.common.uploads import install_streamed_uploads
    from tipline.web.source.app import MAX_FORM_PARTS

BOUNDARY = "fuzzboundary"
MAX_UPLOAD_BYTES = 4096
MAX_FORM_MEMORY_SIZE = 2048
ALLOWED_STATUSES = {200, 400, 413}

WORK = Path(tempfile.mkdtemp(prefix="tipline-fuzz-multipart-"))
STORE = LocalBlobStore(WORK / "store")
# Anything spooled by Werkzeug (or anyone else using tempfile) would land here.
SPOOL = WORK / "tmp"
SPOOL.mkdir()
tempfile.tempdir = str(SPOOL)
_, RECIPIENT = generate_identity()
OPENED: list[EncryptedUpload] = []


def _open_upload() -> EncryptedUpload:
    upload = EncryptedUpload(STORE, [RECIPIENT], MAX_UPLOAD_BYTES)
    OPENED.append(upload)
    return upload


def _app() -> Flask:
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES + MAX_FORM_MEMORY_SIZE + 4096,
        MAX_FORM_MEMORY_SIZE=MAX_FORM_MEMORY_SIZE,
        MAX_FORM_PARTS=MAX_FORM_PARTS,
        PROPAGATE_EXCEPTIONS=True,  # an unexpected exception reaches the fuzzer as a crash
    )
    install_streamed_uploads(app, {"submit": _open_upload})

    @app.post("/submit")
    def submit() -> tuple[str, int]:
        # What the view reads; the teardown aborts every upload the view did not finish.
        form, files = request.form, request.files
        complete = all(isinstance(f.stream, EncryptedUpload) and f.stream.complete for f in files.values())
        return f"{len(form)} {len(files)}", 200 if complete else 400

    @app.errorhandler(UploadTooLarge)
    def _too_large(_error: UploadTooLarge) -> tuple[str, int]:
        return "too large", 413

    return app


CLIENT = _app().test_client()


def _leftovers() -> list[str]:
    return [str(path.relative_to(WORK)) for path in WORK.rglob("*") if path.is_file()]


def test_one_input(data: bytes) -> None:
    mode, body = data[:1], data[1:]
    length = len(body)
    if mode == b"\x01":
        length = len(body) // 2
    elif mode == b"\x02":
        length = len(body) + 1 + len(body) // 2  # more than is sent: the body is cut off
    OPENED.clear()
    response = CLIENT.post(
        "/submit",
        data=body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        environ_overrides={"CONTENT_LENGTH": str(length)},
    )
    assert response.status_code in ALLOWED_STATUSES, (response.status_code, response.data[:200])
    assert len(OPENED) <= MAX_FORM_PARTS, len(OPENED)
    left = _leftovers()
    assert not left, left


def main() -> None:
    # libFuzzer ends the process itself (no Python clean-up runs): WORK is made in $TMPDIR, which
    # bin/fuzz and tests/functional/test_fuzzers.py point at a folder they remove.
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

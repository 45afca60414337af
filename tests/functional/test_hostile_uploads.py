"""Hostile uploads through a live `tipline serve`: each gets a clear answer in the source's own
language and never a 5xx, nothing is half-written (no orphan blob, nothing left in .incoming or
the server's TMPDIR, the database and the store agree by `tipline check`), and the server keeps
serving.

What tests/functional/test_source_bad_input.py already covers is not repeated here: a body longer
than its Content-Length (test_body_longer_than_its_content_length_is_refused), a body cut off
before its Content-Length (test_body_cut_off_before_its_content_length_is_refused), truncated or
unterminated multipart (test_malformed_multipart_is_refused) and the browser's empty file part
with no name (test_empty_submission_is_refused_clearly). This file adds names that attack the
desk, Content-Length headers that are not numbers (or are two), bodies cut inside a part's
headers or dropped without a word, ten thousand parts, and a named 0-byte file; and checks
the language of every page the app itself writes.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from babel.support import Translations

from tests.factories.disk import holding_socket, server_end_of, server_pids, store_dir, what_was_kept
from tests.factories.live import LiveInstance, prepare_instance, serve
from tests.factories.live_http import (
    FilePart,
    HttpResult,
    LiveClient,
    create_account,
    lookup_token,
    multipart,
    multipart_parts,
)
from tipline.cli.guarded_worker import IO_TIMEOUT_SECONDS
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import unpad
from tipline.desk.filenames import MAX_NAME_BYTES, create_exclusive, safe_name
from tipline.submissions.manifest import Manifest
from tipline.web.source.app import MAX_FILES_PER_SUBMISSION, MAX_FORM_PARTS

KIB = 1024
UPLOAD_LIMIT = 64 * KIB
TRANSLATIONS = Path(__file__).parents[2] / "src/tipline/translations"
TOO_MANY_FILES = (
    "You sent more files at once than this tip line accepts (at most %(count)d). Nothing was kept. "
    "Send them a few at a time."
)
# How long the server may take to refuse ten thousand parts: a liveness bound, not a benchmark.
REFUSAL_DEADLINE_SECONDS = 30
# What serving ten thousand parts may add to the server's memory (all its processes together).
MEMORY_GROWTH_LIMIT = 64 * 1024 * KIB


T = TypeVar("T")


def translated(locale: str, message: str) -> str:
    """The source interface's text for ``message`` in ``locale``, from the compiled catalogue."""
    text: str = Translations.load(str(TRANSLATIONS), [locale], "source").gettext(message)
    assert text != message or locale == "en", f"no {locale} translation of {message!r}"
    return text


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveInstance]:
    live = serve(
        prepare_instance(tmp_path_factory.mktemp("hostile"), settings_overrides={"max_upload_bytes": UPLOAD_LIMIT})
    )
    yield live
    live.stop()


@pytest.fixture(autouse=True)
def server_survives(instance: LiveInstance) -> Iterator[None]:
    """After every test: the server still serves, logged no traceback, and `tipline check` agrees."""
    before = len(instance.output())
    yield
    assert 200 == LiveClient(instance.source_url).get("/").status
    logged = instance.output()[before:]
    assert [] == [line for line in logged.splitlines() if "Traceback" in line or "ERROR" in line], logged
    check = instance.cli("check", check=False)  # in this process: the same check, without an interpreter's start
    assert 0 == check.returncode, check.stdout + check.stderr
    assert "The database and the store agree." in check.stdout


def source_in(instance: LiveInstance, locale: str) -> LiveClient:
    """A source with a new account whose pages are in ``locale``."""
    client = LiveClient(instance.source_url, extra_headers={"Accept-Language": locale})
    create_account(client)
    return client


def newsroom_identity(instance: LiveInstance) -> str:
    lines = (instance.data_dir / "newsroom-identity.txt").read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith("AGE-SECRET-KEY-"))


def latest_manifest(instance: LiveInstance) -> Manifest:
    """The newest batch's manifest, decrypted with the newsroom's identity (as the desk would)."""
    uri = f"file:{instance.data_dir / 'tipline.sqlite'}?mode=ro"
    with sqlite3.connect(uri, uri=True, timeout=10) as connection:
        (key,) = connection.execute("SELECT manifest_blob FROM batches ORDER BY id DESC LIMIT 1").fetchone()
    ciphertext = (store_dir(instance) / key[:2] / key).read_bytes()
    return Manifest.from_json(unpad(decrypt_bytes(ciphertext, [newsroom_identity(instance)])))


def kept_more(instance: LiveInstance, before: dict[str, object]) -> dict[str, object]:
    """What a request added to the disk and the database: {} for a request that was refused;
    blobs, .incoming and TMPDIR as the paths added, rows as the count added per table."""
    after = what_was_kept(instance)
    added: dict[str, object] = {}
    for what in ("blobs", "incoming", "server TMPDIR"):
        new = sorted(set(_paths(after[what])) - set(_paths(before[what])))
        if new:
            added[what] = new
    rows_before, rows_after = _rows(before["rows"]), _rows(after["rows"])
    rows = {table: n - rows_before.get(table, 0) for table, n in rows_after.items() if n != rows_before.get(table, 0)}
    if rows:
        added["rows"] = rows
    return added


def _paths(value: object) -> list[Path]:
    assert isinstance(value, list)
    return value


def _rows(value: object) -> dict[str, int]:
    assert isinstance(value, dict)
    return value


def assert_page_in(reply: HttpResult, locale: str, *messages: str) -> None:
    """The app's own page, in the source's language, saying ``messages``; no trace of the framework."""
    assert f'<html lang="{locale.replace("_", "-")}"' in reply.text, reply.text[:300]
    for message in messages:
        assert translated(locale, message) in reply.text, reply.text
    for leak in ("Traceback", 'File "', "werkzeug", "Werkzeug", "gunicorn", "Exception"):
        assert leak not in reply.text


def flash_after_redirect(client: LiveClient, reply: HttpResult) -> HttpResult:
    assert 302 == reply.status, reply.text
    assert (reply.header("Location") or "").endswith("/lookup")
    return client.get("/lookup")


# --- names that attack the desk ---

HOSTILE_NAMES = {
    "dot-dot": ("../../../../etc/cron.d/evil", "evil"),
    "NUL": ("report.pdf\x00.exe", "report.pdf.exe"),
    "RTL override": ("invoice\u202egpj.exe", "invoicegpj.exe"),
    "5000 characters": ("a" * 4996 + ".pdf", "a" * (MAX_NAME_BYTES - 4) + ".pdf"),
    "5000 Hangul": ("가" * 5000, "가" * (MAX_NAME_BYTES // 3)),
    # (A backslash inside the quoted filename escapes the next character: a name with "..\\" is
    # taken as ".." by the parser, as by any HTTP parser; the desk would cut at it anyway.)
    "all of them": ("../../\u202e\x00\x1b[31m" + "\u200b" * 5000, "[31m"),
}


@pytest.mark.parametrize(("sent", "expected"), HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_hostile_filename_is_kept_as_data_and_made_safe_by_the_desk(
    instance: LiveInstance, tmp_path: Path, sent: str, expected: str
) -> None:
    """The server keeps the name exactly as sent, inside the encrypted manifest only; the desk's
    sanitiser turns it into one harmless name inside the desk folder."""
    source = source_in(instance, "ko")
    before = what_was_kept(instance)
    body, content_type = multipart([("csrf_token", lookup_token(source))], [FilePart("files", sent, b"evidence")])

    reply = source.post("/submit", body, content_type)

    page = flash_after_redirect(source, reply)
    assert_page_in(page, "ko", "Thank you. The newsroom has received what you sent. Come back later for a reply.")
    added = kept_more(instance, before)
    assert {"batches": 1, "submissions": 1} == added["rows"]
    assert 2 == len(_paths(added["blobs"]))  # the file and the manifest
    (item,) = latest_manifest(instance).items
    assert ("file", sent, 8) == (item.kind, item.filename, item.size)
    name = safe_name(item.filename)
    assert expected == name
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert not [c for c in name if c in "/\\" or unicodedata.category(c) in {"Cc", "Cf"}]
    created = create_exclusive(tmp_path, name)
    assert tmp_path == created.parent
    assert [created] == list(tmp_path.iterdir())


# --- the number of parts ---


@pytest.mark.serial  # a deadline and the server's memory growth: measured alone (tests/conftest.py)
@pytest.mark.parametrize("kind", ["file parts", "fields"])
def test_ten_thousand_tiny_parts_are_refused_at_once(instance: LiveInstance, kind: str) -> None:
    """Ten thousand 1-byte parts: the server stops reading after MAX_FORM_PARTS, answers 413 at
    once with a page that says there were too many (not that they were too large), keeps
    nothing, and its memory does not grow with the number of parts."""
    source = source_in(instance, "ko")
    token = lookup_token(source)
    if kind == "file parts":
        body, content_type = multipart(
            [("csrf_token", token)], [FilePart("files", f"{i}", b"x") for i in range(10_000)]
        )
    else:
        body, content_type = multipart([("csrf_token", token)] + [("message", "x")] * 10_000)
    memory_before = server_memory(instance)
    before = what_was_kept(instance)
    started = time.monotonic()

    reply = source.post("/submit", body, content_type)

    elapsed = time.monotonic() - started
    assert 413 == reply.status
    assert_page_in(reply, "ko", "Too many files")
    assert translated("ko", TOO_MANY_FILES) % {"count": MAX_FILES_PER_SUBMISSION} in reply.text
    assert elapsed < REFUSAL_DEADLINE_SECONDS
    assert {} == kept_more(instance, before)
    assert server_memory(instance) - memory_before < MEMORY_GROWTH_LIMIT


def test_as_many_parts_as_allowed_are_taken(instance: LiveInstance) -> None:
    """The part limit is no lower than it says: MAX_FORM_PARTS parts (token + files) are accepted."""
    source = source_in(instance, "ko")
    files = [FilePart("files", f"note{i}.txt", b"%d" % i) for i in range(MAX_FORM_PARTS - 1)]
    before = what_was_kept(instance)
    body, content_type = multipart([("csrf_token", lookup_token(source))], files)

    reply = source.post("/submit", body, content_type)

    flash_after_redirect(source, reply)
    assert {"batches": 1, "submissions": MAX_FORM_PARTS - 1} == kept_more(instance, before)["rows"]
    assert [f"note{i}.txt" for i in range(MAX_FORM_PARTS - 1)] == [i.filename for i in latest_manifest(instance).items]


def server_memory(instance: LiveInstance) -> int:
    """Resident memory of `tipline serve` and every process under it, in bytes."""
    assert instance.process is not None
    pids, total = [instance.process.pid], 0
    while pids:
        pid = pids.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            for task in Path(f"/proc/{pid}/task").iterdir():
                pids += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:  # the process ended meanwhile
            continue
        rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(rss.group(1)) * KIB if rss else 0
    return total


# --- a 0-byte file ---


def test_named_empty_file_alone_is_refused_clearly(instance: LiveInstance) -> None:
    """A named file of 0 bytes and no message: nothing to send, said in the source's language."""
    source = source_in(instance, "ru")
    before = what_was_kept(instance)
    body, content_type = multipart([("csrf_token", lookup_token(source))], [FilePart("files", "empty.txt", b"")])

    reply = source.post("/submit", body, content_type)

    assert 400 == reply.status
    assert_page_in(reply, "ru", "Write a message or choose a file before you send.")
    assert {} == kept_more(instance, before)


def test_empty_file_beside_a_message_is_left_out_of_the_batch(instance: LiveInstance) -> None:
    """With a message, a 0-byte file is dropped: the batch holds the message alone, and no empty blob."""
    source = source_in(instance, "zh_Hans")
    before = what_was_kept(instance)
    body, content_type = multipart(
        [("csrf_token", lookup_token(source)), ("message", "看附件")], [FilePart("files", "empty.txt", b"")]
    )

    reply = source.post("/submit", body, content_type)

    page = flash_after_redirect(source, reply)
    assert_page_in(page, "zh_Hans", "Thank you. The newsroom has received what you sent. Come back later for a reply.")
    added = kept_more(instance, before)
    assert {"batches": 1, "submissions": 1} == added["rows"]
    assert 2 == len(_paths(added["blobs"]))  # the message and the manifest
    assert [("message", None)] == [(i.kind, i.filename) for i in latest_manifest(instance).items]


# --- bodies cut off, and Content-Length headers that are not lengths ---


def cut_body(token: str, boundary: str) -> bytes:
    parts, end = multipart_parts(
        [("csrf_token", token), ("message", "잘린 글")],
        [FilePart("files", "first.bin", os.urandom(16 * KIB)), FilePart("files", "second.bin", os.urandom(16 * KIB))],
        boundary,
    )
    return b"".join(parts) + end


def raw_request(instance: LiveInstance, client: LiveClient, head: list[str], body: bytes, *, reset: bool) -> bytes:
    """Send a request byte for byte; half-close (a client that stopped) or reset (one that vanished)."""
    port = int(instance.source_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        lines = [*head, f"Host: 127.0.0.1:{port}", *[f"{k}: {v}" for k, v in client.headers().items()]]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        if reset:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            return b""
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("where", ["inside the second file", "inside a part's headers"])
def test_body_cut_off_half_way_gets_a_page_in_the_sources_language(instance: LiveInstance, where: str) -> None:
    """The body stops half-way (its Content-Length promised more): 400 with a Russian page, nothing kept."""
    source = source_in(instance, "ru")
    boundary = "b" + secrets.token_hex(8)
    body = cut_body(lookup_token(source), boundary)
    if where == "inside the second file":
        cut = body.index(b"second.bin") + 2 * KIB
    else:
        cut = body.index(b'filename="second') + 4
    before = what_was_kept(instance)
    head = ["POST /submit HTTP/1.1", f"Content-Type: multipart/form-data; boundary={boundary}"]

    answer = raw_request(instance, source, [*head, f"Content-Length: {len(body)}"], body[:cut], reset=False)

    status_line, _, rest = answer.partition(b"\r\n")
    assert b"HTTP/1.1 400 BAD REQUEST" == status_line.upper()
    html = rest.split(b"\r\n\r\n", 1)[1].decode("utf-8")
    assert '<html lang="ru"' in html
    assert re.search(r"<h1>[\u0400-\u04ff ;,.!?-]+</h1>", html), html  # что-то: a hyphen
    assert "Traceback" not in html
    assert {} == kept_more(instance, before)


def test_body_dropped_half_way_by_a_vanished_client_leaves_nothing(instance: LiveInstance) -> None:
    """The client sends half the body and resets the connection: there is no one to answer, and
    once the server is done with the connection, nothing of the half-read files is left.

    "Done" is the server closing its end (its socket leaves every server process's descriptors):
    a check made before the server had even read the reset saw nothing and passed, and one
    made while its thread was still aborting saw the half-written file (CI, under load)."""
    source = source_in(instance, "ko")
    boundary = "b" + secrets.token_hex(8)
    body = cut_body(lookup_token(source), boundary)
    before = what_was_kept(instance)
    head = ["POST /submit HTTP/1.1", f"Content-Type: multipart/form-data; boundary={boundary}"]
    port = int(instance.source_url.rsplit(":", 1)[1])

    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        lines = [*head, f"Content-Length: {len(body)}", f"Host: 127.0.0.1:{port}"]
        lines += [f"{k}: {v}" for k, v in source.headers().items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body[: len(body) // 2])
        server_end = wait_for(lambda: server_end_of(sock.getsockname(), port), "the server to accept")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

    # Past the server's own read timeout, it must have given up on the connection anyway.
    closed = wait_for(
        lambda: not holding_socket(server_pids(instance), server_end), "the server to close", IO_TIMEOUT_SECONDS + 15
    )
    assert closed
    assert {} == kept_more(instance, before)


def wait_for(condition: Callable[[], T], what: str, seconds: float = 20) -> T:
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.02)
    return value


LYING_LENGTHS = {
    "negative": ["Content-Length: -1"],
    "words": ["Content-Length: a lot"],
    "exponent": ["Content-Length: 1e3"],
    "two lengths": ["Content-Length: 10", "Content-Length: 900"],
    "length and chunked": ["Content-Length: 10", "Transfer-Encoding: chunked"],
}


def test_content_length_that_is_not_a_length_is_refused_before_the_app(instance: LiveInstance) -> None:
    """Gunicorn refuses these with a plain 400 before any of our code runs (its page, in English:
    no browser sends them), so the body never reaches the parser and nothing is kept."""
    source = source_in(instance, "ko")
    boundary = "b" + secrets.token_hex(8)
    body = cut_body(lookup_token(source), boundary)
    before = what_was_kept(instance)
    head = ["POST /submit HTTP/1.1", f"Content-Type: multipart/form-data; boundary={boundary}"]

    answers = {
        name: raw_request(instance, source, head + lying, body, reset=False) for name, lying in LYING_LENGTHS.items()
    }

    assert dict.fromkeys(LYING_LENGTHS, b"HTTP/1.1 400 Bad Request") == {
        name: answer.split(b"\r\n", 1)[0] for name, answer in answers.items()
    }
    assert [] == [name for name, answer in answers.items() if b"Traceback" in answer]
    assert {} == kept_more(instance, before)

"""The source interface refuses bad input clearly, and a refused request leaves nothing behind.

Most tests talk to a real `tipline serve` (gunicorn) with a small upload limit, over sockets, so
that what is checked is what a source's browser and a seized disk would see.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Callable, Iterator

import pytest
from flask.testing import FlaskClient

from tests.factories.disk import NOTHING_KEPT, incoming, what_was_kept
from tests.factories.faults import lose_table
from tests.factories.forms import csrf_token
from tests.factories.journalists import current_code, make_journalist
from tests.factories.live import LiveInstance, prepare_instance, serve
from tests.factories.live_http import (
    FilePart,
    HttpResult,
    LiveClient,
    chunked,
    create_account,
    log_in,
    lookup_token,
    multipart,
    multipart_parts,
    split,
    urlencoded,
)
from tipline.config import Settings
from tipline.crypto.age import encrypt_bytes
from tipline.services import Services

KIB = 1024
UPLOAD_LIMIT = 64 * KIB
PIECE = 16 * KIB
TOO_LARGE_TEXT = "larger than this tip line accepts (64 kilobytes). Nothing was kept."


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """These tests read the English messages; a new instance's default language is Korean."""
    return settings.replace(default_locale="en")


@pytest.fixture(scope="module")
def small_instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveInstance]:
    """A live server that accepts files of at most 64 KiB (and requests of about 1.6 MiB)."""
    instance = serve(
        prepare_instance(tmp_path_factory.mktemp("small"), settings_overrides={"max_upload_bytes": UPLOAD_LIMIT})
    )
    yield instance
    instance.stop()


@pytest.fixture(autouse=True)
def server_stays_quiet(small_instance: LiveInstance) -> Iterator[None]:
    """Bad input is the client's error: the server logs no traceback or error for it."""
    before = len(small_instance.output())
    yield
    logged = small_instance.output()[before:]
    alarming = ("Traceback", "ERROR", "CRITICAL")
    assert [] == [line for line in logged.splitlines() if any(word in line for word in alarming)], logged


@pytest.fixture
def source(small_instance: LiveInstance) -> LiveClient:
    """A source with a new account, logged in."""
    client = LiveClient(small_instance.source_url)
    create_account(client)
    return client


def upload_pieces(token: str, content: bytes, boundary: str, *, message: str = "") -> list[bytes]:
    """A submit body split into small pieces, so it can be sent a piece at a time."""
    fields = [("csrf_token", token), ("message", message)]
    parts, end = multipart_parts(fields, [FilePart("files", "big.bin", content)], boundary)
    return split(b"".join(parts) + end, PIECE)


def multipart_type(boundary: str) -> str:
    return f"multipart/form-data; boundary={boundary}"


class IncomingWatcher:
    """Mid-request, once ``after`` bytes are sent: wait until the server is writing ciphertext of
    at least ``at_least`` files into store/.incoming, and remember how many it was."""

    def __init__(self, instance: LiveInstance, after: int, at_least: int) -> None:
        self.instance, self.after, self.at_least = instance, after, at_least
        self.seen: int | None = None

    def __call__(self, sent: int) -> None:
        if self.seen is not None or sent < self.after:
            return
        deadline = time.monotonic() + 10
        while len(incoming(self.instance)) < self.at_least and time.monotonic() < deadline:
            time.sleep(0.02)
        self.seen = len(incoming(self.instance))


# --- too large ---


def test_declared_too_large_body_is_refused_before_it_is_sent(source: LiveClient, small_instance: LiveInstance) -> None:
    """A Content-Length over the limit gets 413 and a clear page before the body is sent."""
    boundary = "b" + secrets.token_hex(8)
    pieces = upload_pieces(lookup_token(source), os.urandom(4 * 1024 * KIB), boundary)
    total = sum(map(len, pieces))
    headers = {"Content-Type": multipart_type(boundary), "Content-Length": str(total)}

    outcome = source.stream("POST", "/submit", pieces, headers, await_answer_after=0)

    assert 413 == outcome.reply.status
    assert TOO_LARGE_TEXT in outcome.reply.text
    assert 0 == outcome.body_bytes_sent
    assert NOTHING_KEPT == what_was_kept(small_instance)


def test_file_over_the_limit_is_refused_while_it_streams(source: LiveClient, small_instance: LiveInstance) -> None:
    """An honest Content-Length under the request limit, but a file over the file limit: 413 mid-body."""
    boundary = "b" + secrets.token_hex(8)
    pieces = upload_pieces(lookup_token(source), os.urandom(1024 * KIB), boundary, message="a message too")
    total = sum(map(len, pieces))
    headers = {"Content-Type": multipart_type(boundary), "Content-Length": str(total)}

    outcome = source.stream("POST", "/submit", pieces, headers, await_answer_after=UPLOAD_LIMIT + 256 * KIB)

    assert 413 == outcome.reply.status
    assert TOO_LARGE_TEXT in outcome.reply.text
    assert outcome.body_bytes_sent < total / 2
    assert NOTHING_KEPT == what_was_kept(small_instance)


def test_chunked_file_over_the_limit_is_refused_while_it_streams(
    source: LiveClient, small_instance: LiveInstance
) -> None:
    """Without any Content-Length (chunked), a file over the limit still gets 413 mid-body."""
    boundary = "b" + secrets.token_hex(8)
    pieces = upload_pieces(lookup_token(source), os.urandom(1024 * KIB), boundary)
    headers = {"Content-Type": multipart_type(boundary), "Transfer-Encoding": "chunked"}

    outcome = source.stream("POST", "/submit", chunked(pieces), headers, await_answer_after=UPLOAD_LIMIT + 256 * KIB)

    assert 413 == outcome.reply.status
    assert TOO_LARGE_TEXT in outcome.reply.text
    assert outcome.body_bytes_sent < 512 * KIB
    assert NOTHING_KEPT == what_was_kept(small_instance)


def test_chunked_body_over_the_part_limit_discards_files_already_received(
    source: LiveClient, small_instance: LiveInstance
) -> None:
    """Many files, each under the file limit (41 parts, more than MAX_FORM_PARTS and, together, more
    than the request limit): the parser counts parts as they arrive, so the part limit is what
    refuses them: 413 "Too many files", and none of the files already stored is kept."""
    boundary = "b" + secrets.token_hex(8)
    files = [FilePart("files", f"part{i}.bin", os.urandom(60 * KIB)) for i in range(40)]
    parts, end = multipart_parts([("csrf_token", lookup_token(source))], files, boundary)
    pieces = split(b"".join(parts) + end, PIECE)
    headers = {"Content-Type": multipart_type(boundary), "Transfer-Encoding": "chunked"}

    watcher = IncomingWatcher(small_instance, after=1024 * KIB, at_least=10)

    outcome = source.stream("POST", "/submit", chunked(pieces), headers, between=watcher, await_answer_after=1700 * KIB)

    assert 413 == outcome.reply.status
    assert "Too many files" in outcome.reply.text
    assert outcome.body_bytes_sent < sum(map(len, pieces))
    assert watcher.seen is not None
    assert watcher.seen >= 10  # files were being stored as ciphertext mid-request...
    assert NOTHING_KEPT == what_was_kept(small_instance)  # ...and none was kept


# --- bodies that lie about themselves, or are cut off ---


def test_body_longer_than_its_content_length_is_refused(source: LiveClient, small_instance: LiveInstance) -> None:
    """A Content-Length shorter than the body: the form read is cut off, so it is refused."""
    boundary = "b" + secrets.token_hex(8)
    pieces = upload_pieces(lookup_token(source), os.urandom(48 * KIB), boundary, message="lying")
    headers = {"Content-Type": multipart_type(boundary), "Content-Length": str(24 * KIB)}

    outcome = source.stream("POST", "/submit", pieces, headers)

    assert 400 == outcome.reply.status
    assert NOTHING_KEPT == what_was_kept(small_instance)


def test_body_cut_off_before_its_content_length_is_refused(source: LiveClient, small_instance: LiveInstance) -> None:
    """The client stops sending half-way through the body it announced: 400, nothing kept."""
    boundary = "b" + secrets.token_hex(8)
    pieces = upload_pieces(lookup_token(source), os.urandom(48 * KIB), boundary, message="cut off")
    total = sum(map(len, pieces))
    headers = {"Content-Type": multipart_type(boundary), "Content-Length": str(total)}

    outcome = source.stream("POST", "/submit", pieces[: len(pieces) // 2], headers, half_close=True)

    assert 400 == outcome.reply.status
    assert NOTHING_KEPT == what_was_kept(small_instance)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda body, ctype: (body, "multipart/form-data"), id="no boundary"),
        pytest.param(lambda body, ctype: (body[: len(body) // 2], ctype), id="truncated half-way"),
        pytest.param(lambda body, ctype: (body[: -len(b"--\r\n")], ctype), id="no closing delimiter"),
        pytest.param(lambda body, ctype: (body, ctype.replace("boundary=", "boundary=x")), id="wrong boundary"),
    ],
)
def test_malformed_multipart_is_refused(
    source: LiveClient, small_instance: LiveInstance, damage: Callable[[bytes, str], tuple[bytes, str]]
) -> None:
    """A multipart body the parser cannot read whole gets a 4xx page, and nothing is kept."""
    body, content_type = multipart(
        [("csrf_token", lookup_token(source)), ("message", "half a message")],
        [FilePart("files", "evidence.bin", os.urandom(32 * KIB))],
    )
    broken_body, broken_type = damage(body, content_type)

    reply = source.post("/submit", broken_body, broken_type)

    assert 400 == reply.status
    assert_friendly(reply)
    assert NOTHING_KEPT == what_was_kept(small_instance)


# --- CSRF ---


@pytest.mark.parametrize("token", ["missing", "wrong", "another session's"])
def test_upload_without_a_valid_csrf_token_is_refused_and_discarded(
    source: LiveClient, small_instance: LiveInstance, token: str
) -> None:
    """The file is streamed into ciphertext before CSRF can be checked; refused, that ciphertext goes."""
    real = lookup_token(source)
    if token == "missing":
        fields = [("message", "no token")]
    elif token == "wrong":
        fields = [("csrf_token", real[:-4] + "AAAA"), ("message", "forged")]
    else:
        other = LiveClient(small_instance.source_url)
        create_account(other)
        fields = [("csrf_token", lookup_token(other)), ("message", "borrowed")]
    boundary = "b" + secrets.token_hex(8)
    files = [FilePart("files", f"evidence{i}.bin", os.urandom(48 * KIB)) for i in range(16)]
    parts, end = multipart_parts(fields, files, boundary)
    pieces = split(b"".join(parts) + end, PIECE)
    headers = {"Content-Type": multipart_type(boundary), "Content-Length": str(sum(map(len, pieces)))}
    # The server parses the body in pieces of up to 256 KiB: past two of them, files are being stored.
    watcher = IncomingWatcher(small_instance, after=600 * KIB, at_least=3)

    outcome = source.stream("POST", "/submit", pieces, headers, between=watcher)

    assert 400 == outcome.reply.status
    assert "This form has expired" in outcome.reply.text
    assert watcher.seen is not None
    assert watcher.seen >= 3  # the files were being stored as ciphertext before CSRF could be checked...
    assert NOTHING_KEPT == what_was_kept(small_instance)  # ...and that ciphertext is gone


# --- empty and wrong ---


@pytest.mark.parametrize("with_empty_file_part", [False, True], ids=["no file part", "browser's empty file part"])
def test_empty_submission_is_refused_clearly(
    source: LiveClient, small_instance: LiveInstance, with_empty_file_part: bool
) -> None:
    """Nothing to send (blank message; no file chosen) gets 400 and says what to do."""
    files = [FilePart("files", "", b"")] if with_empty_file_part else []
    body, content_type = multipart([("csrf_token", lookup_token(source)), ("message", "  \r\n\t ")], files)

    reply = source.post("/submit", body, content_type)

    assert 400 == reply.status
    assert "Write a message or choose a file before you send." in reply.text
    assert NOTHING_KEPT == what_was_kept(small_instance)


@pytest.mark.parametrize(
    ("message", "status", "text"),
    [
        pytest.param(
            "x" * 200_001, 400, "The message is too long: at most 200000 characters.", id="over the form's length"
        ),
        # Over the form-memory limit (max_message_bytes): refused before the form is read, and said
        # to be the message (it was "larger than … 2,048 megabytes … send smaller files").
        pytest.param("x" * (600 * KIB), 413, "The message is too long: at most", id="over the message size"),
    ],
)
def test_overlong_message_is_refused_and_its_files_discarded(
    source: LiveClient, small_instance: LiveInstance, message: str, status: int, text: str
) -> None:
    """A message over the limits is refused with a page that says so, and the file sent with it goes too."""
    # The message after the file, so that the file was already being stored when the message is refused.
    body, content_type = multipart(
        [("csrf_token", lookup_token(source))], [FilePart("files", "evidence.bin", os.urandom(32 * KIB))]
    )
    boundary = content_type.split("boundary=")[1]
    message_part = f'--{boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\n{message}\r\n'
    body = body.replace(f"--{boundary}--".encode(), message_part.encode() + f"--{boundary}--".encode())

    reply = source.post("/submit", body, content_type)

    assert status == reply.status
    assert text in reply.text
    assert NOTHING_KEPT == what_was_kept(small_instance)


def test_wrong_codename_is_refused_with_401_and_a_clear_message(small_instance: LiveInstance) -> None:
    """A codename that belongs to nobody gets 401, says so, and starts no session."""
    client = LiveClient(small_instance.source_url)
    create_account(client)
    stranger = LiveClient(small_instance.source_url)

    reply = log_in(stranger, "correct horse battery staple is not a codename")

    assert 401 == reply.status
    assert "That codename is not right. Check each word and try again." in reply.text
    assert 302 == stranger.get("/lookup").status


# --- error pages ---


def assert_friendly(reply: HttpResult) -> None:
    """The page is the interface's own template, never a stack trace or a framework's page."""
    assert 'href="/static/style.css"' in reply.text, reply.text
    for leak in ("Traceback", 'File "', "werkzeug", "Werkzeug", "sqlalchemy", "Exception"):
        assert leak not in reply.text


@pytest.mark.parametrize(
    ("method", "path", "status", "title"),
    [
        ("GET", "/no-such-page", 404, "Page not found"),
        ("GET", "/static/no-such.css", 404, "Page not found"),
        ("GET", "/submit", 405, "Not allowed"),
        ("GET", "/logout", 405, "Not allowed"),
        ("DELETE", "/", 405, "Not allowed"),
    ],
)
def test_error_pages_are_the_friendly_template(
    small_instance: LiveInstance, method: str, path: str, status: int, title: str
) -> None:
    """404 and 405 answer with the interface's own page, in its style."""
    reply = LiveClient(small_instance.source_url).request(method, path)

    assert status == reply.status
    assert f"<h1>{title}</h1>" in reply.text
    assert_friendly(reply)


def test_unexpected_error_is_a_plain_500_page(source_client: FlaskClient, services: Services) -> None:
    """When the server itself fails (here: its database lost a table), the source sees a plain 500 page."""
    page = source_client.get("/generate").get_data(as_text=True)
    source_client.post("/create", data={"csrf_token": csrf_token(page)})
    lose_table(services.engine, "replies")

    response = source_client.get("/lookup")

    assert 500 == response.status_code
    text = response.get_data(as_text=True)
    assert "<h1>Something went wrong</h1>" in text
    assert "Nothing you sent was kept." in text
    for leak in ("Traceback", "OperationalError", "replies", "sqlite", "SELECT"):
        assert leak not in text


# --- every page: small, no script, nothing from elsewhere ---

_ATTRIBUTE = re.compile(r"""\b(?:src|href|action)\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
PAGE_BUDGET = 16 * KIB


def source_pages(instance: LiveInstance) -> dict[str, HttpResult]:
    """Every page a source can reach, by name, fetched from the live server."""
    pages: dict[str, HttpResult] = {}
    client = LiveClient(instance.source_url)
    pages["index"] = client.get("/")
    pages["login"] = client.get("/login")
    pages["login refused"] = log_in(LiveClient(instance.source_url), "not my codename at all")
    pages["generate"] = client.get("/generate")
    create_account(client)
    pages["lookup"] = client.get("/lookup")
    body, content_type = multipart([("csrf_token", lookup_token(client)), ("message", "")])
    pages["empty submission"] = client.post("/submit", body, content_type)
    body, content_type = multipart(
        [("csrf_token", lookup_token(client))], [FilePart("files", "x.bin", b"x" * (UPLOAD_LIMIT + 1))]
    )
    pages["too large"] = client.post("/submit", body, content_type)
    body, content_type = urlencoded({"csrf_token": "forged"})
    pages["form expired"] = client.post("/submit", body, content_type)
    pages["not found"] = client.get("/nowhere")
    pages["not allowed"] = client.get("/logout")
    body, content_type = urlencoded({"csrf_token": lookup_token(client)})
    pages["logged out"] = client.post("/logout", body, content_type)
    return pages


def page_problems(pages: dict[str, bytes], stylesheet: bytes) -> list[str]:
    """What breaks the page rules: script, addresses elsewhere, over 16 KiB with the stylesheet."""
    problems = []
    for name, body in {**pages, "stylesheet": stylesheet}.items():
        text = body.decode("utf-8", "replace")
        lowered = text.lower()
        if "<script" in lowered or "javascript:" in lowered:
            problems.append(f"{name}: has script")
        if "http://" in lowered or "https://" in lowered or "url(" in lowered or "@import" in lowered:
            problems.append(f"{name}: names an address")
        external = [a for a in _ATTRIBUTE.findall(text) if a.startswith("//") or ":" in a]
        if external:
            problems.append(f"{name}: loads or links {external}")
        if name != "stylesheet" and len(body) + len(stylesheet) > PAGE_BUDGET:
            problems.append(f"{name}: {len(body)} + {len(stylesheet)} bytes")
        if name != "stylesheet" and 'href="/static/style.css"' not in text:
            problems.append(f"{name}: does not link the stylesheet (are these the real pages?)")
    return problems


def test_every_source_page_is_small_and_self_contained(small_instance: LiveInstance) -> None:
    """No script, no address elsewhere, and at most 16 KiB with its stylesheet (threats T2, T3)."""
    stylesheet = LiveClient(small_instance.source_url).get("/static/style.css")
    assert 200 == stylesheet.status
    assert "text/css" in (stylesheet.header("Content-Type") or "")
    pages = source_pages(small_instance)

    assert [] == page_problems({name: page.body for name, page in pages.items()}, stylesheet.body)
    assert {"index": 200, "login refused": 401, "too large": 413, "logged out": 200} == {
        name: pages[name].status for name in ("index", "login refused", "too large", "logged out")
    }


def test_pages_with_replies_and_failures_keep_the_rules(
    source_client: FlaskClient, journalist_client: FlaskClient, services: Services
) -> None:
    """The reply list (here with three long replies) and the 500 page keep the same rules."""
    page = source_client.get("/generate").get_data(as_text=True)
    source_client.post("/create", data={"csrf_token": csrf_token(page)})
    headers = {"Authorization": f"Token {journalist_token(journalist_client, services)}"}
    source = journalist_client.get("/api/v1/sources", headers=headers).get_json()["sources"][0]
    for number in range(3):
        text = f"Reply {number}: " + "Tell us more about the shipment, and when. " * 20
        armored = encrypt_bytes(text.encode(), [source["age_recipient"]], armored=True).decode()
        assert (
            201 == journalist_client.post(source["replies_url"], json={"reply": armored}, headers=headers).status_code
        )
    pages = {"lookup with replies": source_client.get("/lookup").data}
    assert 3 == pages["lookup with replies"].count(b'class="reply"')
    lose_table(services.engine, "replies")
    failed = source_client.get("/lookup")
    assert 500 == failed.status_code
    pages["server error"] = failed.data

    with source_client.get("/static/style.css") as stylesheet:
        assert [] == page_problems(pages, stylesheet.data)


def test_home_page_sets_no_cookie(small_instance: LiveInstance) -> None:
    """Merely visiting the tip line leaves nothing in the browser (threat T3)."""
    client = LiveClient(small_instance.source_url)

    reply = client.get("/")

    assert 200 == reply.status
    assert [] == reply.set_cookies()
    assert "no-store" == reply.header("Cache-Control")


# --- sessions ---


def test_logout_is_post_only_and_ends_the_session(small_instance: LiveInstance) -> None:
    """GET cannot log a source out; POST does, and the old cookie no longer opens /lookup."""
    client = LiveClient(small_instance.source_url)
    create_account(client)
    old_cookies = dict(client.cookies)
    assert 405 == client.get("/logout").status
    assert 200 == client.get("/lookup").status

    body, content_type = urlencoded({"csrf_token": lookup_token(client)})
    logged_out = client.post("/logout", body, content_type)

    assert 200 == logged_out.status
    assert "You are logged out" in logged_out.text
    assert {} == client.cookies
    replay = LiveClient(small_instance.source_url, cookies=old_cookies)
    refused = replay.get("/lookup")
    assert 302 == refused.status
    assert (refused.header("Location") or "").endswith("/login")


def journalist_token(journalist_client: FlaskClient, services: Services) -> str:
    journalist = make_journalist(services)
    response = journalist_client.post(
        "/api/v1/token",
        json={"username": "reporter", "passphrase": journalist.passphrase, "one_time_code": current_code(journalist)},
    )
    assert 200 == response.status_code
    return str(response.get_json()["token"])


def test_a_source_cannot_delete_another_sources_reply(
    source_client: FlaskClient, journalist_client: FlaskClient, services: Services
) -> None:
    """Posting another source's reply id to one's own delete form deletes nothing."""
    page = source_client.get("/generate").get_data(as_text=True)
    source_client.post("/create", data={"csrf_token": csrf_token(page)})
    headers = {"Authorization": f"Token {journalist_token(journalist_client, services)}"}
    victim = journalist_client.get("/api/v1/sources", headers=headers).get_json()["sources"][0]
    armored = encrypt_bytes(b"for the first source only", [victim["age_recipient"]], armored=True).decode()
    reply_uuid = journalist_client.post(victim["replies_url"], json={"reply": armored}, headers=headers).get_json()[
        "uuid"
    ]
    blobs_before = sorted(services.store.keys())
    # A second source, in another browser.
    other = source_client.application.test_client()
    page = other.get("/generate").get_data(as_text=True)
    other.post("/create", data={"csrf_token": csrf_token(page)})
    lookup = other.get("/lookup").get_data(as_text=True)

    response = other.post(f"/replies/{reply_uuid}/delete", data={"csrf_token": csrf_token(lookup)})

    assert 302 == response.status_code
    assert "That reply no longer exists." in other.get("/lookup").get_data(as_text=True)
    assert blobs_before == sorted(services.store.keys())
    assert "for the first source only" in source_client.get("/lookup").get_data(as_text=True)
    assert 1 == journalist_client.get(victim["url"], headers=headers).get_json()["number_of_replies"]
    # The same form, posted by the reply's own source, does delete it, blob and all.
    own_lookup = source_client.get("/lookup").get_data(as_text=True)
    source_client.post(f"/replies/{reply_uuid}/delete", data={"csrf_token": csrf_token(own_lookup)})
    assert 0 == journalist_client.get(victim["url"], headers=headers).get_json()["number_of_replies"]
    assert len(blobs_before) - 1 == len(list(services.store.keys()))

"""Every response of the source interface is one of a few sizes (issue 20.1, docs/padding-design.md).

What a watcher of the source's traffic counts is the whole response: status line, headers (the
session cookie set, kept or deleted) and body. These tests count the same, through the test
client and through a live gunicorn on a raw socket.
"""

from __future__ import annotations

import socket
import urllib.parse

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.factories.faults import lose_table
from tests.factories.forms import csrf_token
from tests.factories.live import LiveInstance
from tests.factories.live_http import LiveClient, create_account, log_in, lookup_token, multipart, urlencoded
from tests.functional.test_source_bad_input import journalist_token
from tipline.crypto.age import encrypt_bytes
from tipline.services import Services
from tipline.web.common.padding import ASSET_FLOOR, PAGE_FLOOR, head_bytes, padded_length, response_bucket

PAGE_SIZES = {PAGE_FLOOR * 2**k for k in range(6)}
ASSET_SIZES = {ASSET_FLOOR * 2**k for k in range(6)}


def total_bytes(response: TestResponse) -> int:
    return head_bytes(response.status, response.headers.to_wsgi_list()) + len(response.data)


def _create(client: FlaskClient) -> TestResponse:
    page = client.get("/generate").get_data(as_text=True)
    return client.post("/create", data={"csrf_token": csrf_token(page)})


def _reply(journalist_client: FlaskClient, headers: dict[str, str], source: dict[str, str], text: str) -> None:
    armored = encrypt_bytes(text.encode(), [source["age_recipient"]], armored=True).decode()
    answer = journalist_client.post(source["replies_url"], json={"reply": armored}, headers=headers)
    assert 201 == answer.status_code


def test_source_pages_of_every_kind_are_one_size(
    source_client: FlaskClient, journalist_client: FlaskClient, services: Services
) -> None:
    """Replies or none, an error or a success, a redirect or a page: the same number of bytes."""
    pages: dict[str, TestResponse] = {}
    pages["index"] = source_client.get("/")
    pages["login"] = source_client.get("/login")
    login_page = source_client.get("/login").get_data(as_text=True)
    pages["login refused"] = source_client.post(
        "/login", data={"csrf_token": csrf_token(login_page), "codename": "not my codename at all"}
    )
    pages["not found"] = source_client.get("/nowhere")
    pages["not allowed"] = source_client.get("/logout")
    pages["generate"] = source_client.get("/generate")
    pages["created (redirect)"] = _create(source_client)
    pages["lookup, first time"] = source_client.get("/lookup")
    pages["lookup, no replies"] = source_client.get("/lookup")
    token = csrf_token(pages["lookup, no replies"].get_data(as_text=True))
    pages["empty submission"] = source_client.post("/submit", data={"csrf_token": token, "message": ""})
    pages["sent (redirect)"] = source_client.post("/submit", data={"csrf_token": token, "message": "The tip."})
    pages["lookup, what arrived"] = source_client.get("/lookup")
    pages["form expired"] = source_client.post("/submit", data={"csrf_token": "forged", "message": "x"})

    headers = {"Authorization": f"Token {journalist_token(journalist_client, services)}"}
    source = journalist_client.get("/api/v1/sources", headers=headers).get_json()["sources"][0]
    _reply(journalist_client, headers, source, "Thanks.")
    pages["lookup, one short reply"] = source_client.get("/lookup")
    for number in range(3):
        _reply(journalist_client, headers, source, f"Reply {number}: " + "Tell us about the shipment. " * 20)
    pages["lookup, four replies"] = source_client.get("/lookup")
    assert 4 == pages["lookup, four replies"].data.count(b'class="reply"')
    pages["logged out"] = source_client.post("/logout", data={"csrf_token": token})
    pages["head of the index"] = source_client.head("/")

    sizes = {name: total_bytes(page) for name, page in pages.items() if name != "head of the index"}
    assert {PAGE_FLOOR} == set(sizes.values()), sizes
    head = pages["head of the index"]
    assert b"" == head.data
    assert PAGE_FLOOR == head_bytes(head.status, head.headers.to_wsgi_list()) + int(head.headers["Content-Length"])
    # The bodies are the pages, then only spaces: nothing of the page is cut.
    index = pages["index"].data
    assert index.rstrip(b" ").endswith(b"</html>\n") or index.rstrip(b" ").endswith(b"</html>")


def test_a_server_error_is_the_same_size_as_a_page(source_client: FlaskClient, services: Services) -> None:
    _create(source_client)
    ordinary = total_bytes(source_client.get("/lookup"))
    lose_table(services.engine, "replies")
    failed = source_client.get("/lookup")
    assert 500 == failed.status_code
    assert ordinary == total_bytes(failed) == PAGE_FLOOR


def test_assets_and_the_guide_are_on_the_series(source_client: FlaskClient) -> None:
    """The stylesheets (the same file for everyone) on the small series; the guide's pages on the page series."""
    for path in ("/static/style.css", "/guide/guide.css"):
        answer = source_client.get(path)
        assert 200 == answer.status_code
        assert total_bytes(answer) in ASSET_SIZES, path
    for path in ("/guide", "/guide/card"):
        assert total_bytes(source_client.get(path)) in PAGE_SIZES, path
    page_and_stylesheet = len(source_client.get("/").data) + len(source_client.get("/static/style.css").data)
    assert page_and_stylesheet <= 16 * 1024  # the page budget of test_source_bad_input still holds


def test_padded_length_counts_its_own_digits() -> None:
    """Content-Length's width changes with the body: the sum is still exactly the bucket."""
    for size in (0, 1, 9, 10_000, 11_500, 12_000, 12_288, 50_000, 1_000_000):
        headers = [("Content-Type", "text/html; charset=utf-8")]
        length = padded_length("200 OK", headers, size)
        total = head_bytes("200 OK", [*headers, ("Content-Length", str(length))]) + length
        assert length >= size
        assert total == response_bucket(total)
        assert total in PAGE_SIZES or total > max(PAGE_SIZES)


def _raw_get(base_url: str, path: str, cookies: dict[str, str], extra: str = "") -> bytes:
    """Every byte gunicorn sends for one GET (the request asks it to close the connection after)."""
    url = urllib.parse.urlsplit(base_url)
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    head = f"GET {path} HTTP/1.1\r\nHost: {url.hostname}\r\nConnection: close\r\n"
    head += (f"Cookie: {cookie}\r\n" if cookie else "") + extra + "\r\n"
    with socket.create_connection((url.hostname or "127.0.0.1", url.port or 80), timeout=20) as sock:
        sock.sendall(head.encode("latin-1"))
        received = b""
        while piece := sock.recv(65536):
            received += piece
    return received


def _added_by_gunicorn(response: bytes) -> int:
    """The bytes of the header lines gunicorn adds itself (the same for every page)."""
    head = response.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    return sum(len(line) + 2 for line in head if line.split(b":", 1)[0].lower() in {b"server", b"date", b"connection"})


def test_on_the_wire_every_page_is_a_bucket_and_nothing_is_compressed(shared_live_instance: LiveInstance) -> None:
    client = LiveClient(shared_live_instance.source_url)
    anonymous = {path: _raw_get(shared_live_instance.source_url, path, {}) for path in ("/", "/login", "/nowhere")}
    create_account(client)
    refused = log_in(LiveClient(shared_live_instance.source_url), "not my codename at all")
    assert 401 == refused.status
    lookup_token(client)
    logged_in = {
        path: _raw_get(shared_live_instance.source_url, path, client.cookies, "Accept-Encoding: gzip, deflate, br\r\n")
        for path in ("/lookup", "/generate", "/nowhere")
    }
    body, content_type = urlencoded({"csrf_token": lookup_token(client), "message": ""})
    assert 200 <= client.post("/submit", body, content_type).status < 500
    stylesheet = _raw_get(shared_live_instance.source_url, "/static/style.css", {}, "Accept-Encoding: gzip\r\n")

    pages = {
        **{f"anonymous {p}": r for p, r in anonymous.items()},
        **{f"logged in {p}": r for p, r in logged_in.items()},
    }
    for name, response in [*pages.items(), ("stylesheet", stylesheet)]:
        assert b"content-encoding" not in response.split(b"\r\n\r\n", 1)[0].lower(), name
    controlled = {name: len(response) - _added_by_gunicorn(response) for name, response in pages.items()}
    assert {PAGE_FLOOR} == set(controlled.values()), controlled
    # What gunicorn adds is the same on every page, so the wire shows one size for all of them.
    assert 1 == len({len(response) for response in pages.values()}), {n: len(r) for n, r in pages.items()}
    assert len(stylesheet) - _added_by_gunicorn(stylesheet) in ASSET_SIZES
    # The 413 of a form too large, an upload refusal, and the like are pages too.
    body, content_type = multipart([("csrf_token", "forged"), ("message", "x")])
    assert 400 <= client.post("/submit", body, content_type).status < 500

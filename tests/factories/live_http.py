"""A small HTTP client for the live server, built on http.client: no third-party code in between.

It can bind its socket to a chosen loopback address and send a chosen User-Agent (the seizure
test looks for both afterwards), keeps the one session cookie as a browser would, and can
stream a request body slowly, part by part, so that tests can look at the server mid-request.
"""

from __future__ import annotations

import http.client
import secrets
import select
import socket
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tests.factories.forms import codename_on_page, csrf_token

TIMEOUT = 20.0


@dataclass(frozen=True)
class HttpResult:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def set_cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


@dataclass(frozen=True)
class FilePart:
    name: str
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


def multipart_parts(
    fields: Sequence[tuple[str, str]], files: Sequence[FilePart], boundary: str
) -> tuple[list[bytes], bytes]:
    """The body of a multipart/form-data request as (parts before the end, closing delimiter)."""
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value.encode() + b"\r\n"
        )
    for part in files:
        head = (
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{part.name}"; filename="{part.filename}"\r\nContent-Type: {part.content_type}\r\n\r\n'
        )
        parts.append(head.encode("utf-8") + part.content + b"\r\n")
    return parts, f"--{boundary}--\r\n".encode()


def multipart(fields: Sequence[tuple[str, str]], files: Sequence[FilePart] = ()) -> tuple[bytes, str]:
    """(body, Content-Type) of a multipart/form-data request, as a browser builds it."""
    boundary = "----TiplineTestBoundary" + secrets.token_hex(8)
    parts, end = multipart_parts(fields, files, boundary)
    return b"".join(parts) + end, f"multipart/form-data; boundary={boundary}"


def urlencoded(fields: Mapping[str, str]) -> tuple[bytes, str]:
    return urllib.parse.urlencode(fields).encode("ascii"), "application/x-www-form-urlencoded"


@dataclass
class LiveClient:
    """One browser talking to one interface: a fresh connection per request, one cookie jar."""

    base_url: str
    source_address: str = "127.0.0.1"
    user_agent: str = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0"
    cookies: dict[str, str] = field(default_factory=dict)
    # Sent with every request (an API client's Authorization header, say).
    extra_headers: dict[str, str] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.base_url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        return urllib.parse.urlsplit(self.base_url).port or 80

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            self.host, self.port, timeout=TIMEOUT, source_address=(self.source_address, 0)
        )

    def headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        headers = {"User-Agent": self.user_agent, "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(self.extra_headers)
        headers.update(extra or {})
        return headers

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: Mapping[str, str] | None = None
    ) -> HttpResult:
        connection = self.connect()
        try:
            connection.request(method, path, body=body, headers=self.headers(headers))
            response = connection.getresponse()
            reply = HttpResult(response.status, response.headers, response.read())
        finally:
            connection.close()
        self.remember(reply)
        return reply

    def get(self, path: str) -> HttpResult:
        return self.request("GET", path)

    def post(self, path: str, body: bytes, content_type: str, headers: Mapping[str, str] | None = None) -> HttpResult:
        return self.request("POST", path, body, {"Content-Type": content_type, **(headers or {})})

    def remember(self, reply: HttpResult) -> None:
        for cookie in reply.set_cookies():
            pair, _, attributes = cookie.partition(";")
            name, _, value = pair.strip().partition("=")
            if "max-age=0" in attributes.lower().replace(" ", "") or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def stream(
        self,
        method: str,
        path: str,
        pieces: Iterable[bytes],
        headers: Mapping[str, str],
        *,
        between: Callable[[int], None] | None = None,
        pause: float = 0.0,
        await_answer_after: int | None = None,
        half_close: bool = False,
    ) -> StreamOutcome:
        """Send ``pieces`` one by one; stop sending as soon as the server has answered.

        ``between(sent_so_far)`` runs after each piece (to look at the server mid-request).
        Once ``await_answer_after`` bytes are sent, wait (up to the timeout) for an answer before
        sending more: the server has then had every chance to refuse mid-body. ``half_close``
        ends the request body early, as a client that gave up sending would.
        """
        sock = socket.create_connection(
            (self.host, self.port), timeout=TIMEOUT, source_address=(self.source_address, 0)
        )
        try:
            head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
            head += [f"{k}: {v}" for k, v in self.headers(headers).items()]
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
            sent = 0
            for piece in pieces:
                waiting = await_answer_after is not None and sent >= await_answer_after
                if _readable(sock, TIMEOUT if waiting else 0):
                    break  # the server answered (refused) before the body ended
                try:
                    sock.sendall(piece)
                except (BrokenPipeError, ConnectionResetError):
                    break
                sent += len(piece)
                if between is not None:
                    between(sent)
                if pause:
                    time.sleep(pause)
            else:
                if half_close:
                    sock.shutdown(socket.SHUT_WR)
            reply = _read_reply(sock, method)
        finally:
            sock.close()
        self.remember(reply)
        return StreamOutcome(reply, sent)


@dataclass(frozen=True)
class StreamOutcome:
    reply: HttpResult
    body_bytes_sent: int  # less than the whole body when the server answered early


def _readable(sock: socket.socket, timeout: float) -> bool:
    readable, _, _ = select.select([sock], [], [], timeout)
    return bool(readable)


def _read_reply(sock: socket.socket, method: str) -> HttpResult:
    """Parse one HTTP response from a socket that may have been half-used for sending."""
    response = http.client.HTTPResponse(sock, method=method)
    response.begin()
    return HttpResult(response.status, response.headers, response.read())


def chunked(pieces: Iterable[bytes]) -> Iterable[bytes]:
    """Transfer-Encoding: chunked framing of ``pieces`` (no Content-Length at all)."""
    for piece in pieces:
        if piece:
            yield f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    yield b"0\r\n\r\n"


def split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


# --- a source's steps, as a browser without JavaScript takes them ---


def create_account(client: LiveClient) -> str:
    """Get a codename and confirm it; the client is then logged in. Returns the codename."""
    page = client.get("/generate")
    assert 200 == page.status, page.text
    codename = codename_on_page(page.text)
    body, content_type = urlencoded({"csrf_token": csrf_token(page.text)})
    created = client.post("/create", body, content_type)
    assert 302 == created.status, created.text
    return codename


def log_in(client: LiveClient, typed_codename: str) -> HttpResult:
    page = client.get("/login")
    body, content_type = urlencoded({"csrf_token": csrf_token(page.text), "codename": typed_codename})
    return client.post("/login", body, content_type)


def lookup_token(client: LiveClient) -> str:
    """The CSRF token of the logged-in source's page, where the submit form is."""
    page = client.get("/lookup")
    assert 200 == page.status, f"not logged in: {page.status}"
    return csrf_token(page.text)

"""What the benchmarks share: a live instance, a plain-HTTP source client, /proc readings.

The benchmarks run as scripts (``python benchmarks/bench_X.py``); each puts the repository root on
``sys.path`` first so that ``benchmarks`` and ``tests`` import. The live instance is the tests' own
(tests/factories/live.py): a real ``tipline init`` + ``tipline serve`` on free loopback ports.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import statistics
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
from tests.factories.forms import codename_on_page, csrf_token
from tests.factories.live import LiveInstance, prepare_instance, serve

from tipline.config import CONFIG_FILE_NAME, load_settings, render_config

MIB = 1024 * 1024
COOKIE = "tipline_source"

__all__ = [
    "MIB",
    "Response",
    "SourceClient",
    "codename_on_page",
    "cpu_seconds",
    "csrf_token",
    "journalist_api",
    "median",
    "memory_kib",
    "reset_peak_rss",
    "source_worker_pid",
    "start_instance",
]


def median(values: Iterable[float]) -> float:
    return float(statistics.median(list(values)))


def start_instance(root: Path, **settings_overrides: Any) -> LiveInstance:
    """A real `tipline serve` (cheap KDF unless overridden); stop it with ``.stop()``."""
    instance = prepare_instance(root)
    # Applied here rather than through prepare_instance, which sets the KDFs itself.
    settings = load_settings(instance.data_dir, environ={}).replace(**settings_overrides)
    (instance.data_dir / CONFIG_FILE_NAME).write_text(render_config(settings), encoding="utf-8")
    return serve(instance, timeout=60)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    header_bytes: int

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class SourceClient:
    """A source without a browser: the session cookie and CSRF tokens, a new connection per request.

    (A new connection each time: gunicorn closes idle keep-alive connections after 5 s, and a
    loopback connection costs far less than anything measured here.)
    """

    base_url: str
    cookie: str = ""

    def connection(self) -> http.client.HTTPConnection:
        parsed = urllib.parse.urlsplit(self.base_url)
        return http.client.HTTPConnection(parsed.hostname or "", parsed.port, timeout=600)

    def headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        return {**({"Cookie": f"{COOKIE}={self.cookie}"} if self.cookie else {}), **(extra or {})}

    def request(
        self, method: str, path: str, body: bytes | Iterable[bytes] | None = None, headers: Mapping[str, str] = {}
    ) -> Response:
        connection = self.connection()
        try:
            connection.request(method, path, body=body, headers=self.headers(headers))
            raw = connection.getresponse()
            payload = raw.read()
        finally:
            connection.close()
        self._remember_cookie(raw.headers)
        header_bytes = len(f"HTTP/1.1 {raw.status} {raw.reason}\r\n".encode()) + len(raw.headers.as_bytes())
        return Response(raw.status, raw.headers, payload, header_bytes)

    def _remember_cookie(self, headers: http.client.HTTPMessage) -> None:
        for value in headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            if name.strip() == COOKIE:
                self.cookie = rest.split(";", 1)[0]

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, fields: Mapping[str, str]) -> Response:
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def create_account(self) -> str:
        page = self.get("/generate").text
        codename = codename_on_page(page)
        created = self.post_form("/create", {"csrf_token": csrf_token(page)})
        assert 302 == created.status, created.status
        return codename

    def login(self, codename: str) -> Response:
        page = self.get("/login").text
        return self.post_form("/login", {"csrf_token": csrf_token(page), "codename": codename})

    def lookup_token(self) -> str:
        return csrf_token(self.get("/lookup").text)


def journalist_api(instance: LiveInstance) -> tuple[str, dict[str, Any]]:
    """A new journalist's API token and the API root (newsroom recipient)."""
    created = instance.add_journalist(f"bench{time.monotonic_ns()}")
    body = {
        "username": created["username"],
        "passphrase": created["passphrase"],
        "one_time_code": pyotp.TOTP(created["totp_secret"]).now(),
    }
    token = str(call_api(instance, "POST", "/api/v1/token", None, body)["token"])
    return token, call_api(instance, "GET", "/api/v1/", token)


def call_api(
    instance: LiveInstance, method: str, path: str, token: str | None, body: dict[str, Any] | None = None
) -> Any:
    parsed = urllib.parse.urlsplit(instance.journalist_url)
    connection = http.client.HTTPConnection(parsed.hostname or "", parsed.port, timeout=60)
    try:
        headers = {"Content-Type": "application/json", **({"Authorization": f"Token {token}"} if token else {})}
        connection.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        response = connection.getresponse()
        assert response.status in (200, 201), (response.status, response.read())
        return json.load(response)
    finally:
        connection.close()


# --- /proc: the source interface's gunicorn worker, its memory and CPU ---


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(child) for child in children]
    return found


def _descendants(pid: int) -> Iterator[int]:
    for child in _children(pid):
        yield child
        yield from _descendants(child)


def _listening_inode(port: int) -> str:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            columns = line.split()
            local, state, inode = columns[1], columns[3], columns[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                return inode
    raise LookupError(f"nothing listens on port {port}")


def _holds_socket(pid: int, inode: str) -> bool:
    wanted = f"socket:[{inode}]"
    try:
        return any(os.readlink(fd) == wanted for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def source_worker_pid(instance: LiveInstance) -> int:
    """The gunicorn worker of the source interface: the child of the master holding its port."""
    assert instance.process is not None
    port = urllib.parse.urlsplit(instance.source_url).port
    assert port is not None
    inode = _listening_inode(port)
    holders = [pid for pid in _descendants(instance.process.pid) if _holds_socket(pid, inode)]
    masters = [pid for pid in holders if pid in _children(instance.process.pid)]
    assert 1 == len(masters), (holders, masters)
    (worker,) = _children(masters[0])
    return worker


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return {key: int(value) for key, value in re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE)}


def reset_peak_rss(pid: int) -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0: write 5 to clear_refs); False if not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of all the process's threads so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")

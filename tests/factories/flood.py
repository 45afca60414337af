"""Load against a live instance: a flood of codename logins and creations, and journalists reading.

Shared by tests/functional/test_login_flood.py and the benchmarks (bench_load.py,
bench_login_flood.py). Every client is a thread with its own connections (LiveClient: one
connection per request), every loop stops when its ``stop`` event is set, and every request has
a timeout, so nothing here can outlive its caller by more than one request.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyotp

from tests.factories.forms import csrf_token
from tests.factories.live import LiveInstance
from tests.factories.live_http import HttpResult, LiveClient, urlencoded
from tipline.i18n.wordlists import load_wordlist

# What the source side may answer to a flood, per request kind; anything else is an error.
FLOOD_EXPECTED = {
    "GET /login": {200},
    "POST /login": {401, 503},  # a wrong codename, or busy: every KDF slot taken
    "GET /generate": {200},
    "POST /create": {302, 503},  # a new account, or busy
}


@dataclass
class Timings:
    """Latencies (seconds) and statuses per request kind, shared by many threads."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            self.statuses[(kind, status)] += 1

    def fail(self, what: str) -> None:
        with self.lock:
            self.failures.append(what)

    def count(self) -> int:
        with self.lock:
            return sum(self.statuses.values())


def timed(timings: Timings, kind: str, call: Callable[..., HttpResult], *args: Any) -> HttpResult:
    started = time.perf_counter()
    reply = call(*args)
    timings.record(kind, reply.status, time.perf_counter() - started)
    return reply


def wrong_codename() -> str:
    """Seven EFF words: passes the form, costs the server one full KDF run, matches nobody."""
    words = load_wordlist("en")
    return " ".join(secrets.choice(words) for _ in range(7))


def flood_source(source_url: str, kind: str, stop: threading.Event, timings: Timings) -> None:
    """One flooding client: wrong-codename logins (kind "login") or new accounts ("create")."""
    while not stop.is_set():
        client = LiveClient(source_url)
        try:
            if kind == "login":
                page = timed(timings, "GET /login", client.get, "/login")
                body, content_type = urlencoded({"csrf_token": csrf_token(page.text), "codename": wrong_codename()})
                timed(timings, "POST /login", client.post, "/login", body, content_type)
            else:
                page = timed(timings, "GET /generate", client.get, "/generate")
                body, content_type = urlencoded({"csrf_token": csrf_token(page.text)})
                timed(timings, "POST /create", client.post, "/create", body, content_type)
        except (OSError, AssertionError) as error:  # a refused or timed-out connection, a page without a form
            timings.fail(f"flood {kind}: {type(error).__name__}: {error}")


def unexpected_flood_answers(timings: Timings) -> dict[tuple[str, int], int]:
    return {key: n for key, n in timings.statuses.items() if key[1] not in FLOOD_EXPECTED.get(key[0], set())}


@dataclass
class Journalist:
    """A journalist with a web session and an API token (two journalists' worth of TOTP codes)."""

    web: LiveClient
    api: LiveClient


def journalist_web_login(instance: LiveInstance, created: dict[str, Any], timings: Timings) -> LiveClient:
    web = LiveClient(instance.journalist_url)
    page = timed(timings, "web GET /login", web.get, "/login")
    body, content_type = urlencoded(
        {
            "csrf_token": csrf_token(page.text),
            "username": created["username"],
            "passphrase": created["passphrase"],
            "one_time_code": pyotp.TOTP(created["totp_secret"]).now(),
        }
    )
    reply = timed(timings, "web POST /login", web.post, "/login", body, content_type)
    if reply.status != 302:
        timings.fail(f"journalist web login answered {reply.status}")
    return web


def journalist_api_login(instance: LiveInstance, created: dict[str, Any], timings: Timings) -> LiveClient:
    api = LiveClient(instance.journalist_url, user_agent="tipline-desk")
    credentials = {
        "username": created["username"],
        "passphrase": created["passphrase"],
        "one_time_code": pyotp.TOTP(created["totp_secret"]).now(),
    }
    body = json.dumps(credentials).encode()
    reply = timed(timings, "api POST /token", api.post, "/api/v1/token", body, "application/json")
    if reply.status != 200:
        timings.fail(f"journalist API login answered {reply.status}")
        return api
    api.extra_headers["Authorization"] = f"Token {json.loads(reply.body)['token']}"
    return api


def read_once(web: LiveClient, api: LiveClient, timings: Timings, *, downloads: bool = True) -> int:
    """One round of a journalist's reading: web sources list and a source page, API listing,
    a source's submissions and (optionally) one download. Returns the bytes downloaded."""

    def get(client: LiveClient, kind: str, path: str) -> HttpResult | None:
        reply = timed(timings, kind, client.get, path)
        if reply.status != 200:
            timings.fail(f"journalist {kind} {path} answered {reply.status}")
            return None
        return reply

    downloaded = 0
    get(web, "web sources list", "/")
    listing = get(api, "api sources", "/api/v1/sources")
    if listing is None:
        return 0
    sources = json.loads(listing.body)["sources"]
    if not sources:
        return 0
    # A journalist opens sources that sent something: a flood's new, empty accounts would
    # otherwise make most rounds end without a download.
    chosen = secrets.choice([source for source in sources if source["number_of_submissions"]] or sources)
    get(web, "web source page", f"/sources/{chosen['uuid']}")
    submissions = get(api, "api submissions", chosen["submissions_url"])
    if submissions is None or not downloads:
        return 0
    items = json.loads(submissions.body)["submissions"]
    if items:
        blob = get(api, "api download", secrets.choice(items)["download_url"])
        downloaded = len(blob.body) if blob is not None else 0
    return downloaded


def read_until(web: LiveClient, api: LiveClient, stop: threading.Event, timings: Timings, *, pause: float = 0.0) -> int:
    """A journalist reading round after round until ``stop``; returns the bytes downloaded."""
    downloaded = 0
    while not stop.is_set():
        try:
            downloaded += read_once(web, api, timings)
        except OSError as error:
            timings.fail(f"journalist: {type(error).__name__}: {error}")
        if pause:
            stop.wait(pause)
    return downloaded


def run_threads(targets: list[Callable[[], object]]) -> list[threading.Thread]:
    threads = [threading.Thread(target=target, daemon=True) for target in targets]
    for thread in threads:
        thread.start()
    return threads


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation): p95 of 20 values is the 19th smallest."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]

"""Journalist side at newsroom scale: latency and SQL queries per request on loopback.

Seeds a baseline instance (100 sources, 1,000 submissions), measures, then grows it to the
target (default 10,000 sources, 100,000 submissions, plus one source with 1,000 submissions)
and measures again. Prints p50/p95/p99, SQL queries per request, and ratios against the baseline
measured in the same run. Target: p95 <= 50 ms; queries per request must not grow.

    .venv/bin/python benchmarks/bench_journalist_scale.py [--sources N] [--submissions M] [--requests R]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import secrets
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyotp
from sqlalchemy import event
from werkzeug.serving import WSGIRequestHandler, make_server

from tipline.config import KdfParameters, Settings
from tipline.crypto.age import generate_identity
from tipline.devdata.seed import seed_services
from tipline.migrations.runner import upgrade
from tipline.services import Services, build_services
from tipline.web.journalist import create_journalist_app

CHEAP = KdfParameters(time_cost=1, memory_kib=1024, parallelism=1)
TARGET_P95_MS = 50.0


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *_args: Any, **_kwargs: Any) -> None:
        """No access log, as in production (and it would distort the timings)."""


class ServerCpu:
    """WSGI middleware: CPU time the server thread spends per request (less sensitive to other load)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.last_ms = 0.0

    def __call__(self, environ: Any, start_response: Any) -> Any:
        started = time.thread_time()
        body = b"".join(self.app(environ, start_response))
        self.last_ms = (time.thread_time() - started) * 1000
        return [body]


class QueryCounter:
    def __init__(self, services: Services) -> None:
        self.count = 0
        self._lock = threading.Lock()
        event.listen(services.engine, "before_cursor_execute", self._on_query)

    def _on_query(self, *_args: Any) -> None:
        with self._lock:
            self.count += 1


class Client:
    """One keep-alive loopback connection, like a browser tab or an API client."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, Any]:
        all_headers = dict(headers or {})
        if self.cookie:
            all_headers["Cookie"] = self.cookie
        self.connection.request(method, path, body=body, headers=all_headers)
        response = self.connection.getresponse()
        data = response.read()
        set_cookie = response.getheader("Set-Cookie")
        if set_cookie:
            self.cookie = set_cookie.split(";", 1)[0]
        return response.status, data, response


def build(root: Path, database_url: str = "") -> Services:
    """A fresh instance in ``root`` (SQLite there, or the database at ``database_url``)."""
    _identity, recipient = generate_identity()
    settings = Settings(
        data_dir=root,
        database_url=database_url,
        newsroom_recipient=recipient,
        codename_salt=secrets.token_hex(16),
        source_secret_key=secrets.token_urlsafe(32),
        journalist_secret_key=secrets.token_urlsafe(32),
        codename_kdf=CHEAP,
        passphrase_kdf=CHEAP,
    )
    upgrade(settings.effective_database_url)
    return build_services(settings)


def grow(services: Services, sources: int, submissions: int) -> list[str]:
    if sources == 0:
        return []
    return seed_services(services, sources=sources, submissions=submissions).source_uuids


def log_in(port: int, services: Services) -> tuple[Client, Client, dict[str, str]]:
    journalist = services.journalists.add(f"bench-{secrets.token_hex(3)}")
    totp = pyotp.TOTP(journalist.totp_secret)
    web = Client(port)
    _, page, _ = web.request("GET", "/login")
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    form = urlencode(
        {
            "csrf_token": token.group(1).decode(),
            "username": journalist.username,
            "passphrase": journalist.passphrase,
            "one_time_code": totp.at(time.time()),
        }
    )
    status, _, _ = web.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert 302 == status, status
    api = Client(port)
    credentials = {"username": journalist.username, "passphrase": journalist.passphrase}
    body = json.dumps({**credentials, "one_time_code": totp.at(time.time() + 30)})
    status, data, _ = api.request("POST", "/api/v1/token", body, {"Content-Type": "application/json"})
    assert 200 == status, data
    return web, api, {"Authorization": f"Token {json.loads(data)['token']}"}


CPU: ServerCpu | None = None


def measure(
    client: Client, path: str, headers: dict[str, str], counter: QueryCounter, requests: int
) -> dict[str, float]:
    for _ in range(10):
        client.request("GET", path, headers=headers)
    timings, queries, cpu = [], [], []
    for _ in range(requests):
        before = counter.count
        started = time.perf_counter()
        status, _, _ = client.request("GET", path, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        queries.append(counter.count - before)
        cpu.append(CPU.last_ms if CPU else 0.0)
        assert 200 == status, (path, status)
    cuts = statistics.quantiles(timings, n=100)
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "queries": max(queries), "cpu": statistics.median(cpu)}


def run_all(
    port: int, services: Services, counter: QueryCounter, big_source: str, requests: int
) -> dict[str, dict[str, float]]:
    web, api, token = log_in(port, services)
    return {
        "web  GET /  (sources list page)": measure(web, "/", {}, counter, requests),
        # One page of 100: since the whole list became the default, benchmarks/bench_api_sync.py times that.
        "api  GET /api/v1/sources?per_page=100": measure(api, "/api/v1/sources?per_page=100", token, counter, requests),
        "web  GET /sources/<big>  (source page, 100/page)": measure(
            web, f"/sources/{big_source}", {}, counter, requests
        ),
        "api  GET /api/v1/sources/<big>/submissions": measure(
            api, f"/api/v1/sources/{big_source}/submissions", token, counter, requests
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--submissions", type=int, default=100_000)
    parser.add_argument("--big-source-submissions", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tipline-bench-") as folder:
        services = build(Path(folder))
        counter = QueryCounter(services)
        global CPU  # noqa: PLW0603 — one benchmark run per process
        CPU = ServerCpu(create_journalist_app(services))
        server = make_server("127.0.0.1", 0, CPU, threaded=True, request_handler=QuietHandler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            base_sources, base_submissions = 100, 1_000
            small_big = grow(services, 1, 10)[0]
            grow(services, base_sources - 1, base_submissions - 10)
            print(f"baseline: {base_sources} sources, {base_submissions} submissions; source page with 10 submissions")
            baseline = run_all(server.port, services, counter, small_big, args.requests)

            started = time.perf_counter()
            big = grow(services, 1, args.big_source_submissions)[0]
            grow(
                services,
                args.sources - base_sources - 1,
                args.submissions - base_submissions - args.big_source_submissions,
            )
            took = time.perf_counter() - started
            print(f"seeded to {args.sources} sources, {args.submissions} submissions in {took:.0f} s")
            scaled = run_all(server.port, services, counter, big, args.requests)
        finally:
            server.shutdown()
            services.close()

    header = (
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'cpu ms':>7} {'queries':>8} {'p95 x base':>11}"
        f" {'cpu x base':>11} {'queries x base':>15}"
    )
    print(f"\n{'request':56} {header}")
    worst = 0.0
    for name, figures in scaled.items():
        base = baseline[name]
        worst = max(worst, figures["p95"])
        print(
            f"{name:56} {figures['p50']:8.1f} {figures['p95']:8.1f} {figures['p99']:8.1f} {figures['cpu']:7.1f}"
            f" {figures['queries']:8.0f} {figures['p95'] / base['p95']:11.2f} {figures['cpu'] / base['cpu']:11.2f}"
            f" {figures['queries'] / base['queries']:15.2f}"
        )
    print("\nbaseline p95s: " + ", ".join(f"{name.split()[2]} {fig['p95']:.1f} ms" for name, fig in baseline.items()))
    print("cpu ms: median CPU time of the server thread per request (what the code costs, without other load)")
    print(f"target p95 <= {TARGET_P95_MS} ms: {'met' if worst <= TARGET_P95_MS else 'NOT met'} (worst {worst:.1f} ms)")


if __name__ == "__main__":
    main()

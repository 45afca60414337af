"""What a SecureDrop client does on every sync, at newsroom scale, on SQLite and PostgreSQL.

GET /api/v1/sources without pagination (the SecureDrop Client's sync; its users saw 15 s means
on SecureDrop) and GET /api/v1/submissions?since=<latest> (an idle newsroom's incremental sync).
Seeds a baseline (100 sources, 1,000 submissions; rows in bulk, no blob files), the measuring
journalist having seen 7 in 10 of them, measures, grows to the target (default 10,000 sources,
100,000 submissions) and measures again; prints p50/p95/p99, the server's CPU per
request, the response size, the peak memory the process grew by, ratios against the baseline
measured in the same run, and the load average. Targets: sources p95 <= 500 ms, since p95 <= 20 ms.

    .venv/bin/python benchmarks/bench_api_sync.py [--sources N] [--submissions M] [--requests R]
        [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from tests.factories.postgres import fresh_database, postgres_available
from werkzeug.serving import make_server

from benchmarks.bench_journalist_scale import (
    Client,
    QueryCounter,
    QuietHandler,
    ServerCpu,
    build,
    log_in,
    measure,
)
from tipline.devdata.seed import seed_services
from tipline.services import Services
from tipline.web.journalist import create_journalist_app

TARGETS_MS = {"sources": 500.0, "since": 20.0}


def grow(services: Services, sources: int, submissions: int) -> None:
    """Rows only (no blob files: these requests never download), inserted in bulk."""
    seed_services(services, sources=sources, submissions=submissions, write_blobs=False)


def read_most(services: Services, journalist_id: int) -> None:
    """The measuring journalist has seen 7 in 10 submissions (seen_submissions rows, as after
    downloads), so each unread count is a real per-journalist count."""
    with services.sessions.begin() as session:
        session.execute(
            text(
                "INSERT INTO seen_submissions (journalist_id, submission_id) SELECT :j, id FROM submissions"
                " WHERE id % 10 < 7 AND id NOT IN (SELECT submission_id FROM seen_submissions WHERE journalist_id = :j)"
            ),
            {"j": journalist_id},
        )
    # Fresh statistics, as autovacuum (PostgreSQL) would have after such growth: without them the
    # planner takes the bulk-filled tables for empty and picks nested loops (16 s instead of 0.5 s).
    with services.engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(api: Client, token: dict[str, str], counter: QueryCounter, requests: int) -> dict[str, dict[str, float]]:
    status, body, _ = api.request("GET", "/api/v1/submissions?since=0&per_page=1", headers=token)
    assert 200 == status, body
    latest = json.loads(body)["total"] and _latest_cursor(api, token)
    before = peak_rss_mib()
    status, whole, _ = api.request("GET", "/api/v1/sources", headers=token)
    assert 200 == status
    sources = measure(api, "/api/v1/sources", token, counter, max(10, requests // 10))
    sources["bytes"] = len(whole)
    sources["count"] = len(json.loads(whole)["sources"])
    sources["rss_growth_mib"] = peak_rss_mib() - before
    since = measure(api, f"/api/v1/submissions?since={latest}", token, counter, requests)
    since["bytes"] = since["count"] = since["rss_growth_mib"] = 0
    return {"sources": sources, "since": since}


def _latest_cursor(api: Client, token: dict[str, str]) -> int:
    """The cursor a client holds after a full sync: what GET /submissions hands out."""
    status, body, _ = api.request("GET", "/api/v1/submissions?page=1&per_page=1", headers=token)
    assert 200 == status
    return int(json.loads(body)["cursor"])


def bench(backend: str, args: argparse.Namespace) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tipline-bench-sync-")))
        url = stack.enter_context(fresh_database()) if backend == "postgresql" else ""
        services = build(folder, url)
        stack.callback(services.close)
        counter = QueryCounter(services)
        cpu = ServerCpu(create_journalist_app(services))
        import benchmarks.bench_journalist_scale as scale

        scale.CPU = cpu  # measure() reads the server's CPU time from there
        server = make_server("127.0.0.1", 0, cpu, threaded=True, request_handler=QuietHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        stack.callback(server.shutdown)
        grow(services, 100, 1_000)
        _web, api, token = log_in(server.port, services)
        reader = services.journalists.list_all()[-1].id
        read_most(services, reader)
        baseline = run(api, token, counter, args.requests)
        started = time.perf_counter()
        grow(services, args.sources - 100, args.submissions - 1_000)
        read_most(services, reader)
        print(f"{backend}: seeded to {args.sources} sources, {args.submissions} submissions in "
              f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
        scaled = run(api, token, counter, args.requests)
    return baseline, scaled


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--submissions", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    for backend in args.backends.split(","):
        if backend == "postgresql" and not postgres_available():
            print("postgresql: not reachable, skipped")
            continue
        results[backend] = bench(backend, args)

    print(f"\nload average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(
        f"{'backend  request':44} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'cpu ms':>7} {'queries':>7}"
        f" {'p95 x base':>10} {'cpu x base':>10} {'MiB':>6} {'rss+ MiB':>8}"
    )
    met = True
    for backend, (baseline, scaled) in results.items():
        for name, figures in scaled.items():
            base = baseline[name]
            label = {"sources": "GET /sources (whole)", "since": "GET /submissions?since=<latest>"}[name]
            met = met and figures["p95"] <= TARGETS_MS[name]
            print(
                f"{backend + '  ' + label:44} {figures['p50']:8.1f} {figures['p95']:8.1f} {figures['p99']:8.1f}"
                f" {figures['cpu']:7.1f} {figures['queries']:7.0f} {figures['p95'] / base['p95']:10.2f}"
                f" {figures['cpu'] / max(base['cpu'], 0.01):10.2f} {figures['bytes'] / 2**20:6.1f}"
                f" {figures['rss_growth_mib']:8.1f}"
            )
        print(f"{backend} baseline p95s: " + ", ".join(f"{n} {f['p95']:.1f} ms" for n, f in baseline.items()))
    targets = ", ".join(f"{name} p95 <= {ms:.0f} ms" for name, ms in TARGETS_MS.items())
    print(f"targets ({targets}): {'met' if met else 'NOT met'}")
    print("rss+ MiB: how much the process's peak memory grew over the whole-list requests")


if __name__ == "__main__":
    main()

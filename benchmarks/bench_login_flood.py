"""A flood of codename logins and creations against the source port: what the journalists see.

Each codename login or creation costs one Argon2id run (production parameters: t=3, 64 MiB).
For each setting of ``source_kdf_concurrency`` measured (the default 2, and 8 = as many as the
source side's gunicorn threads, i.e. no bound), a fresh live instance with a few sources is
read by journalists on the idle server (the baseline), then again while many clients flood
the source port with wrong-codename logins and new accounts. Printed per setting: journalist
p50/p95 idle and under the flood and their ratio, a journalist's web login under the flood,
what the flood got back (401 wrong codename, 302 new account, 503 busy), KDF runs per second,
and the source worker's peak memory and CPU during the flood.

    python benchmarks/bench_login_flood.py            # 20 s idle + 20 s flood per setting
    python benchmarks/bench_login_flood.py --quick    # 5 s + 5 s, fewer flooders
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: import benchmarks, tests

from tests.factories.flood import (
    Timings,
    flood_source,
    journalist_api_login,
    journalist_web_login,
    percentile,
    read_until,
    run_threads,
    unexpected_flood_answers,
)
from tests.factories.live import LiveInstance
from tests.factories.live_http import FilePart, LiveClient, create_account, lookup_token, multipart

from benchmarks.support import cpu_seconds, memory_kib, reset_peak_rss, source_worker_pid, start_instance
from tipline.config import KdfParameters


@dataclass
class FloodResult:
    idle: Timings  # journalist reads on the idle server
    flooded: Timings  # the same reads during the flood
    flood: Timings  # what the flooding clients got
    errors: list[str]
    unexpected: dict[tuple[str, int], int]
    seconds: float
    cpu: float  # CPU seconds of the source worker during the flood
    peak_kib: int  # its peak RSS during the flood (0: not readable)


READS = ["web sources list", "web source page", "api sources", "api submissions", "api download"]


def seed(instance: LiveInstance, sources: int) -> None:
    for n in range(sources):
        client = LiveClient(instance.source_url)
        create_account(client)
        body, content_type = multipart(
            [("csrf_token", lookup_token(client)), ("message", f"seed {n}")],
            [FilePart("files", f"seed-{n}.bin", os.urandom(16 * 1024))],
        )
        assert 302 == client.post("/submit", body, content_type).status


def read_for(web: LiveClient, api: LiveClient, seconds: float, timings: Timings) -> None:
    stop = threading.Event()
    (reader,) = run_threads([lambda: read_until(web, api, stop, timings, pause=0.05)])
    stop.wait(seconds)
    stop.set()
    reader.join(timeout=120)


def measure(folder: Path, slots: int, seconds: float, login_flooders: int, create_flooders: int) -> FloodResult:
    instance = start_instance(folder, codename_kdf=KdfParameters(), source_kdf_concurrency=slots)
    try:
        seed(instance, 5)
        accounts = {name: instance.add_journalist(name) for name in ("web", "api", "idle-login", "flood-login")}
        idle, flooded, flood, logins = Timings(), Timings(), Timings(), Timings()
        web = journalist_web_login(instance, accounts["web"], logins)
        api = journalist_api_login(instance, accounts["api"], logins)
        journalist_web_login(instance, accounts["idle-login"], idle)
        read_for(web, api, seconds, idle)

        worker = source_worker_pid(instance)
        peak_reset = reset_peak_rss(worker)
        cpu_before = cpu_seconds(worker)
        stop = threading.Event()
        flooders = run_threads(
            [lambda: flood_source(instance.source_url, "login", stop, flood) for _ in range(login_flooders)]
            + [lambda: flood_source(instance.source_url, "create", stop, flood) for _ in range(create_flooders)]
        )
        started = time.monotonic()
        time.sleep(1.0)  # let the flood fill the source side's threads
        journalist_web_login(instance, accounts["flood-login"], flooded)
        read_for(web, api, seconds, flooded)
        stop.set()
        for thread in flooders:
            thread.join(timeout=120)
        flood_seconds = time.monotonic() - started
        cpu = cpu_seconds(worker) - cpu_before
        peak = memory_kib(worker).get("VmHWM", 0) if peak_reset else 0
    finally:
        instance.stop()
    return FloodResult(
        idle,
        flooded,
        flood,
        # A flooding client that gives up (its 20 s timeout) is the flood's problem, reported
        # below; the journalists' failures are what this benchmark is about.
        idle.failures + flooded.failures + logins.failures,
        unexpected_flood_answers(flood),
        flood_seconds,
        cpu,
        peak,
    )


def report(slots: int, result: FloodResult) -> None:
    idle, flooded, flood, seconds = result.idle, result.flooded, result.flood, result.seconds
    print(f"\nsource_kdf_concurrency = {slots}")
    print(f"  {'journalist request':20} {'idle p50':>9} {'p95':>8} {'flood p50':>10} {'p95':>8} {'p95 ratio':>10}")
    for kind in READS:
        a, b = idle.latencies.get(kind, []), flooded.latencies.get(kind, [])
        if not a or not b:
            continue
        ia, ib = percentile(a, 0.5) * 1000, percentile(a, 0.95) * 1000
        fa, fb = percentile(b, 0.5) * 1000, percentile(b, 0.95) * 1000
        print(f"  {kind:20} {ia:9.1f} {ib:8.1f} {fa:10.1f} {fb:8.1f} {fb / ib:9.2f}x   ({len(a)}/{len(b)} requests)")
    every_idle = [v for k in READS for v in idle.latencies.get(k, [])]
    every_flooded = [v for k in READS for v in flooded.latencies.get(k, [])]
    if every_idle and every_flooded:
        ratio = percentile(every_flooded, 0.95) / percentile(every_idle, 0.95)
        print(f"  {'all reads':20} {'':9} {percentile(every_idle, 0.95) * 1000:8.1f} {'':10} ", end="")
        print(f"{percentile(every_flooded, 0.95) * 1000:8.1f} {ratio:9.2f}x")
    for label, timings in (("idle", idle), ("flood", flooded)):
        login = timings.latencies.get("web POST /login", [])
        if login:
            print(f"  journalist web login ({label}): {login[0] * 1000:.0f} ms")
    answers = {f"{kind} {status}": n for (kind, status), n in sorted(flood.statuses.items())}
    kdf_runs = sum(
        n
        for (kind, status), n in flood.statuses.items()
        if (kind, status) in {("POST /login", 401), ("POST /create", 302)}
    )
    busy = sum(n for (kind, status), n in flood.statuses.items() if status == 503)
    print(f"  flood answers: {answers}")
    if flood.failures:
        print(f"  flood requests that failed client-side (timed out after 20 s…): {len(flood.failures)}")
    print(f"  KDF runs {kdf_runs} ({kdf_runs / seconds:.1f}/s), busy answers {busy} ({busy / seconds:.1f}/s)")
    for kind in ("POST /login", "POST /create"):
        values = flood.latencies.get(kind, [])
        if values:
            p50, p95 = percentile(values, 0.5) * 1000, percentile(values, 0.95) * 1000
            print(f"  flood {kind}: p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    peak, cpu = result.peak_kib, result.cpu
    print(f"  source worker: {cpu:.1f} CPU-s in {seconds:.1f} s ({cpu / seconds:.2f} cores)", end="")
    print(f", peak RSS {peak / 1024:.0f} MiB" if peak else ", peak RSS not readable")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5 s per phase, 8 + 4 flooders")
    parser.add_argument("--seconds", type=float, help="length of each phase (default 20)")
    parser.add_argument("--slots", type=int, nargs="+", default=[2, 8], help="source_kdf_concurrency values")
    args = parser.parse_args()
    seconds = args.seconds or (5.0 if args.quick else 20.0)
    login_flooders, create_flooders = (8, 4) if args.quick else (32, 16)
    print(f"flood: {login_flooders} clients logging in with wrong codenames + {create_flooders} creating accounts")
    print("Argon2id t=3, 64 MiB; tipline serve defaults (1 worker, 8 threads per interface)")
    print(f"load average at start: {os.getloadavg()[0]:.2f} (a shared machine: other processes skew every figure)")
    failed = False
    for slots in args.slots:
        with tempfile.TemporaryDirectory(prefix="tipline-bench-flood-") as folder:
            result = measure(Path(folder) / "instance", slots, seconds, login_flooders, create_flooders)
        report(slots, result)
        if result.errors or result.unexpected:
            print(f"FAILED: errors {result.errors[:5]!r}, unexpected answers {result.unexpected!r}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""How fast a new source's first page comes while hundreds of slow clients hold connections.

Holds N connections against a live `tipline serve` (default 500; a quarter each: connected and
silent, half a request head with a header line added every second, a login whose body stops
short, an upload with no session whose body stops), then times a new visitor's ``GET /`` (a new
connection each time) for the given seconds. The same is measured first with nothing held.
Goal: every ``GET /`` answered within 1 s while the connections are held (issue 12, part 3).

    python benchmarks/bench_slow_clients.py                  # 500 held, 15 s
    python benchmarks/bench_slow_clients.py --held 1000 --seconds 30

Held connections need file descriptors on both sides: the script raises its own soft limit to
the hard limit, and `tipline serve` inherits it.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: import benchmarks, tests

from tests.factories.live_http import LiveClient
from tests.factories.slow_clients import SlowClients

from benchmarks.support import start_instance

GOAL_SECONDS = 1.0
QUIET_LOAD = 1.5


def timed_gets(client: LiveClient, seconds: float) -> tuple[list[float], int]:
    """Latencies of GET / over ``seconds`` (one every 0.25 s), and how many failed (5 s timeout)."""
    import http.client

    times: list[float] = []
    failures = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        connection = http.client.HTTPConnection(client.host, client.port, timeout=5)
        try:
            connection.request("GET", "/")
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                times.append(time.monotonic() - started)
            else:
                failures += 1
        except OSError:
            failures += 1
        finally:
            connection.close()
        time.sleep(0.25)
    return times, failures


def summary(times: list[float]) -> str:
    if not times:
        return "no answer at all"
    ordered = sorted(times)
    p50 = ordered[len(ordered) // 2]
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"n={len(ordered)}  p50 {p50 * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms  max {ordered[-1] * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--held", type=int, default=500, help="slow connections to hold (default 500)")
    parser.add_argument("--seconds", type=float, default=15.0, help="how long to measure (default 15)")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 2 * args.held + 512
    if hard != resource.RLIM_INFINITY and hard < wanted:
        sys.exit(f"needs {wanted} file descriptors; the hard limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))

    with tempfile.TemporaryDirectory(prefix="tipline-bench-slow-") as folder:
        instance = start_instance(Path(folder) / "instance")
        try:
            client = LiveClient(instance.source_url)
            load = os.getloadavg()[0]
            print(f"load average at start: {load:.2f}")
            idle, _ = timed_gets(client, min(5.0, args.seconds))
            print(f"GET / with nothing held:             {summary(idle)}")
            slow = SlowClients(client, args.held)
            try:
                held, failures = timed_gets(client, args.seconds)
            finally:
                slow.close()
            print(f"GET / with {args.held} slow connections held: {summary(held)}, {failures} failed")
            load = max(load, os.getloadavg()[0])
            met = not failures and bool(held) and max(held) < GOAL_SECONDS
            print(f"goal: every GET / within {GOAL_SECONDS:.0f} s while held")
            if load > QUIET_LOAD:
                print(f"load average {load:.2f} > {QUIET_LOAD}: machine busy — rerun (figures above are indicative)")
            print(f"goal {'met' if met and load <= QUIET_LOAD else 'MISSED' if not met else 'not judged'}")
        finally:
            instance.stop()


if __name__ == "__main__":
    main()

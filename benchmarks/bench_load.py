"""Load: many sources sending messages and small files while journalists read, on a live server.

A real `tipline serve` on loopback (production Argon2id for codenames and passphrases unless
--quick). Setup: every source creates an account (retrying, as the page asks, when the server
answers "busy") and sends one first message. Baseline: the journalists read the idle server
for a while. Then, for the run's duration, every source loops sending a message, with a file of
1–64 KiB every other time (valid CSRF token, as a browser without JavaScript sends them), and
every journalist reads: web sources list, a source page, the API listing, a source's
submissions and one download. Everything stops by itself when the duration is over.

Printed: requests, errors, throughput (requests/s, submissions/s, MiB/s sent), p50/p95/p99
per request kind, and journalist p95 under load against the idle baseline. Then the server is
stopped, `tipline check` must find the store consistent, and the database must hold exactly the
batches and submissions the sources saw accepted. Any error → exit status 1.

    python benchmarks/bench_load.py              # 50 sources + 5 journalists for 60 s
    python benchmarks/bench_load.py --quick      # 10 sources + 2 journalists for 10 s, cheap KDF
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: import benchmarks, tests

from sqlalchemy import func, select
from tests.factories.flood import (
    Timings,
    journalist_api_login,
    journalist_web_login,
    percentile,
    read_until,
    run_threads,
    timed,
)
from tests.factories.forms import codename_on_page, csrf_token
from tests.factories.live import LiveInstance
from tests.factories.live_http import FilePart, LiveClient, multipart, urlencoded

from benchmarks.support import MIB, start_instance
from tipline.config import KdfParameters, load_settings
from tipline.services import build_services
from tipline.submissions.models import Batch, Submission

BUSY = 503


@dataclass
class Sent:
    """What the sources saw accepted (302 after POST /submit), shared by their threads."""

    batches: int = 0
    submissions: int = 0
    bytes_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, submissions: int, size: int) -> None:
        with self.lock:
            self.batches += 1
            self.submissions += submissions
            self.bytes_sent += size


@dataclass
class Source:
    client: LiveClient
    token: str = ""
    busy_retries: int = 0


def create_source(url: str, timings: Timings, deadline: float) -> Source | None:
    """A new account; a "busy" answer (503) is retried after a pause, as the page asks."""
    source = Source(LiveClient(url))
    while time.monotonic() < deadline:
        page = timed(timings, "GET /generate", source.client.get, "/generate")
        codename_on_page(page.text)
        body, content_type = urlencoded({"csrf_token": csrf_token(page.text)})
        created = timed(timings, "POST /create", source.client.post, "/create", body, content_type)
        if created.status == 302:
            lookup = timed(timings, "GET /lookup", source.client.get, "/lookup")
            source.token = csrf_token(lookup.text)
            return source
        if created.status != BUSY:
            timings.fail(f"POST /create answered {created.status}")
            return None
        source.busy_retries += 1
        time.sleep(random.uniform(0.5, 2.0))
    timings.fail("no account within the setup time")
    return None


def submit_once(source: Source, timings: Timings, sent: Sent, rng: random.Random, count: int) -> None:
    message = f"Report {count}: " + "".join(rng.choices("abcdefghij klmnopqrstuvwxyz", k=rng.randint(100, 2000)))
    files = []
    if count % 2 == 0:
        files.append(FilePart("files", f"scan-{count}.bin", os.urandom(rng.randint(1, 64) * 1024)))
    body, content_type = multipart([("csrf_token", source.token), ("message", message)], files)
    reply = timed(timings, "POST /submit", source.client.post, "/submit", body, content_type)
    if reply.status == 302:
        sent.add(1 + len(files), len(body))
    else:
        timings.fail(f"POST /submit answered {reply.status}")


def source_loop(source: Source, stop: threading.Event, timings: Timings, sent: Sent, seed: int) -> None:
    rng = random.Random(seed)
    count = 0
    while not stop.is_set():
        try:
            count += 1
            submit_once(source, timings, sent, rng, count)
            if count % 5 == 0:  # back to the page now and then, as a source checking for replies
                reply = timed(timings, "GET /lookup", source.client.get, "/lookup")
                if reply.status != 200:
                    timings.fail(f"GET /lookup answered {reply.status}")
        except OSError as error:
            timings.fail(f"source: {type(error).__name__}: {error}")


def journalists_read(sessions: list[tuple[LiveClient, LiveClient]], seconds: float, timings: Timings) -> int:
    """Every journalist (web session, API client) reads for ``seconds``; returns the bytes downloaded."""
    stop = threading.Event()
    downloaded: list[int] = []
    threads = run_threads(
        [lambda w=w, a=a: downloaded.append(read_until(w, a, stop, timings, pause=0.1)) for w, a in sessions]
    )
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    return sum(downloaded)


def stored_counts(instance: LiveInstance) -> tuple[int, int]:
    services = build_services(load_settings(instance.data_dir, environ={}))
    try:
        with services.sessions() as session:
            batches = session.scalar(select(func.count()).select_from(Batch)) or 0
            submissions = session.scalar(select(func.count()).select_from(Submission)) or 0
    finally:
        services.close()
    return batches, submissions


def table(title: str, timings: Timings, kinds: list[str] | None = None) -> None:
    print(f"  {title}")
    print(f"    {'request':22} {'count':>7} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'max ms':>9}")
    for kind in kinds or sorted(timings.latencies):
        values = timings.latencies.get(kind, [])
        if not values:
            continue
        p50, p95, p99 = (percentile(values, f) * 1000 for f in (0.5, 0.95, 0.99))
        print(f"    {kind:22} {len(values):7d} {p50:9.1f} {p95:9.1f} {p99:9.1f} {max(values) * 1000:9.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10 sources, 2 journalists, 10 s, cheap KDF")
    parser.add_argument("--sources", type=int, help="concurrent sources (default 50)")
    parser.add_argument("--journalists", type=int, help="concurrent journalists (default 5)")
    parser.add_argument("--seconds", type=float, help="duration of the load (default 60)")
    parser.add_argument("--baseline-seconds", type=float, help="journalists on the idle server (default 15)")
    args = parser.parse_args()
    sources_n = args.sources or (10 if args.quick else 50)
    journalists_n = args.journalists or (2 if args.quick else 5)
    seconds = args.seconds or (10.0 if args.quick else 60.0)
    baseline_seconds = args.baseline_seconds or (4.0 if args.quick else 15.0)
    overrides = {} if args.quick else {"codename_kdf": KdfParameters(), "passphrase_kdf": KdfParameters()}

    kdf = "cheap KDF (--quick)" if args.quick else "production Argon2id (64 MiB)"
    print(f"{sources_n} sources + {journalists_n} journalists for {seconds:.0f} s; {kdf}; default serve options")
    print(f"load average at start: {os.getloadavg()[0]:.2f} (a shared machine: other processes skew every figure)")
    with tempfile.TemporaryDirectory(prefix="tipline-bench-load-") as folder:
        instance = start_instance(Path(folder) / "instance", **overrides)
        try:
            result = run(instance, sources_n, journalists_n, seconds, baseline_seconds)
        finally:
            instance.stop()
        check = instance.cli("check", "--grace-seconds", "0", check=False)
        batches, submissions = stored_counts(instance)

    setup, idle, load, journalists, sent_setup, sent, busy_retries, _idle_bytes, load_bytes = result
    errors = setup.failures + idle.failures + load.failures + journalists.failures
    source_requests = load.count()
    journalist_requests = journalists.count()
    total = setup.count() + idle.count() + source_requests + journalist_requests
    accounts = len(setup.latencies.get("POST /submit", []))
    print(f"\nsetup: {accounts} accounts, {busy_retries} 'busy' answers retried (source_kdf_concurrency)")
    table("setup (account creation, first message)", setup)
    print(f"\nload: {seconds:.0f} s")
    print(f"  requests in the load window     {source_requests + journalist_requests:8d}  (all phases: {total})")
    rate = (source_requests + journalist_requests) / seconds
    print(f"  throughput                      {rate:8.1f} requests/s")
    print(f"  submissions accepted            {sent.batches:8d}  ({sent.batches / seconds:.1f}/s; ", end="")
    print(f"{sent.submissions} messages + files, {sent.submissions / seconds:.1f}/s)")
    mib = sent.bytes_sent / MIB
    print(f"  sent by sources                 {mib:8.1f} MiB  ({mib / seconds:.2f} MiB/s)")
    print(f"  downloaded by journalists       {load_bytes / MIB:8.1f} MiB  ({load_bytes / MIB / seconds:.2f} MiB/s)")
    print(f"  errors                          {len(errors):8d}")
    table("sources under load", load)
    table("journalists under load", journalists)
    table("journalists on the idle server (baseline)", idle)
    print("  journalist p95 under load / idle p95:")
    for kind in sorted(idle.latencies):
        if kind in journalists.latencies and "login" not in kind and "token" not in kind:
            ratio = percentile(journalists.latencies[kind], 0.95) / percentile(idle.latencies[kind], 0.95)
            print(f"    {kind:22} {ratio:7.2f}x")

    print("\nafterwards")
    print("  tipline check:", check.stdout.strip().replace("\n", " / "))
    print(f"  stored: {batches} batches, {submissions} submissions")
    seen = (sent_setup.batches + sent.batches, sent_setup.submissions + sent.submissions)
    print(f"  seen accepted by the sources (setup and load): {seen[0]} batches, {seen[1]} submissions")
    problems = []
    if errors:
        problems.append(f"{len(errors)} errors, first: {errors[:5]}")
    if check.returncode != 0:
        problems.append(f"tipline check failed: {check.stdout} {check.stderr}")
    if (batches, submissions) != seen:
        problems.append("the database does not hold what the sources saw accepted")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


def run(
    instance: LiveInstance, sources_n: int, journalists_n: int, seconds: float, baseline_seconds: float
) -> tuple[Timings, Timings, Timings, Timings, Sent, Sent, int, int, int]:
    setup, idle, load, journalists = Timings(), Timings(), Timings(), Timings()
    sent_setup, sent = Sent(), Sent()
    # Two accounts per journalist: the web login and the API token each use a one-time code.
    accounts = [(instance.add_journalist(f"web{i}"), instance.add_journalist(f"api{i}")) for i in range(journalists_n)]

    created: list[Source] = []
    deadline = time.monotonic() + 300

    def set_up(seed: int) -> None:
        try:
            source = create_source(instance.source_url, setup, deadline)
            if source is not None:
                submit_once(source, setup, sent_setup, random.Random(seed), 1)
                created.append(source)
        except (OSError, AssertionError) as error:
            setup.fail(f"setup: {type(error).__name__}: {error}")

    for thread in run_threads([lambda n=n: set_up(n) for n in range(sources_n)]):
        thread.join(timeout=600)
    busy_retries = sum(s.busy_retries for s in created)

    logins = Timings()
    sessions = [
        (journalist_web_login(instance, web, logins), journalist_api_login(instance, api, logins))
        for web, api in accounts
    ]
    setup.failures += logins.failures
    idle_bytes = journalists_read(sessions, baseline_seconds, idle)

    stop = threading.Event()
    threads = run_threads([lambda s=s, n=n: source_loop(s, stop, load, sent, n) for n, s in enumerate(created)])
    load_bytes = journalists_read(sessions, seconds, journalists)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    return setup, idle, load, journalists, sent_setup, sent, busy_retries, idle_bytes, load_bytes


if __name__ == "__main__":
    sys.exit(main())

"""The two login paths of docs/duress-design.md, timed: the real codename against the safety codename.

A live instance with the production codename KDF (Argon2id t=3, 64 MiB, p=1). One account is made
with a safety codename; then logins with the real and the safety codename alternate in a random
order, each a fresh session (GET /login not timed; POST /login timed up to the 302), and so do the
pages each lands on (GET /lookup). Reported: the medians of each path, their difference, and a
two-sided permutation test of the difference of medians (10,000 shuffles); the response sizes
(headers and body) of both paths, which must be equal. The baseline is the real path itself.

    python benchmarks/bench_safety_login.py            # 20 logins of each
    python benchmarks/bench_safety_login.py --quick    # 5 of each
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: import benchmarks, tests

from tests.factories.forms import codename_on_page

from benchmarks.support import SourceClient, csrf_token, median, start_instance
from tipline.config import KdfParameters


def create_with_safety(base_url: str) -> tuple[str, str]:
    client = SourceClient(base_url)
    page = client.get("/generate").text
    match = re.search(r'<p class="safety-codename"[^>]*>([^<]+)</p>', page)
    assert match is not None
    created = client.post_form("/create", {"csrf_token": csrf_token(page), "safety": "y"})
    assert 302 == created.status, created.status
    return codename_on_page(page), match.group(1)


def timed_login(base_url: str, codename: str) -> tuple[float, int, int]:
    """Seconds of POST /login; bytes of its answer; bytes of the /lookup page it leads to."""
    client = SourceClient(base_url)
    token = csrf_token(client.get("/login").text)
    started = time.perf_counter()
    response = client.post_form("/login", {"csrf_token": token, "codename": codename})
    elapsed = time.perf_counter() - started
    if response.status != 302:
        raise RuntimeError(f"POST /login answered {response.status}")
    page = client.get("/lookup")
    return elapsed, response.header_bytes + len(response.body), page.header_bytes + len(page.body)


def permutation_p(a: list[float], b: list[float], shuffles: int = 10_000) -> float:
    observed = abs(median(a) - median(b))
    pooled = a + b
    rng = random.Random(0)
    extreme = 0
    for _ in range(shuffles):
        rng.shuffle(pooled)
        if abs(median(pooled[: len(a)]) - median(pooled[len(a) :])) >= observed:
            extreme += 1
    return (extreme + 1) / (shuffles + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--logins", type=int, default=20, help="logins of each codename (default 20)")
    parser.add_argument("--quick", action="store_true", help="5 logins of each")
    args = parser.parse_args()
    count = 5 if args.quick else args.logins

    kdf = KdfParameters()
    print(f"Argon2id t={kdf.time_cost}, m={kdf.memory_kib // 1024} MiB, p={kdf.parallelism}; {count} logins of each")
    print(f"load average at start: {os.getloadavg()[0]:.2f} (other processes on this machine add noise to both)")
    times: dict[str, list[float]] = {"real": [], "safety": []}
    sizes: dict[str, set[tuple[int, int]]] = {"real": set(), "safety": set()}
    with tempfile.TemporaryDirectory(prefix="tipline-bench-safety-") as folder:
        instance = start_instance(Path(folder) / "instance", codename_kdf=kdf)
        try:
            codenames = dict(zip(("real", "safety"), create_with_safety(instance.source_url), strict=True))
            timed_login(instance.source_url, codenames["safety"])  # warm-up; sets the day's mark
            timed_login(instance.source_url, codenames["real"])
            order = ["real", "safety"] * count
            random.shuffle(order)
            for path in order:
                elapsed, answer, page = timed_login(instance.source_url, codenames[path])
                times[path].append(elapsed)
                sizes[path].add((answer, page))
        finally:
            instance.stop()

    real_ms, safety_ms = median(times["real"]) * 1000, median(times["safety"]) * 1000
    print(f"  real codename   POST /login (median)   {real_ms:7.1f} ms")
    print(f"  safety codename POST /login (median)   {safety_ms:7.1f} ms")
    print(
        f"  difference                             {safety_ms - real_ms:+7.1f} ms   (ratio {safety_ms / real_ms:.3f})"
    )
    print(f"  permutation test, difference of medians: p = {permutation_p(times['real'], times['safety']):.3f}")
    print(f"  sizes (login answer, /lookup page) real {sorted(sizes['real'])}, safety {sorted(sizes['safety'])}")
    same = sizes["real"] == sizes["safety"] and len(sizes["real"]) == 1
    print(f"  sizes equal: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()

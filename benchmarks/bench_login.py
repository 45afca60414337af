"""Codename login time with the production KDF, against one raw Argon2id hash in the same run.

A live instance runs with the production codename KDF (Argon2id t=3, 64 MiB, p=1). Each login
is a fresh source session: GET /login (not timed), then POST /login with the codename, timed up
to the 302. The baseline, interleaved with the logins, is ``argon2.low_level.hash_secret_raw``
with the same parameters in this process: the ratio shows what the web stack adds to the KDF.

    python benchmarks/bench_login.py            # 10 logins
    python benchmarks/bench_login.py --quick    # 3 logins
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: import benchmarks, tests

from argon2.low_level import Type, hash_secret_raw

from benchmarks.support import SourceClient, csrf_token, median, start_instance
from tipline.config import KdfParameters

PRODUCTION_KDF = KdfParameters()


def timed_login(base_url: str, codename: str) -> float:
    client = SourceClient(base_url)
    token = csrf_token(client.get("/login").text)
    started = time.perf_counter()
    response = client.post_form("/login", {"csrf_token": token, "codename": codename})
    elapsed = time.perf_counter() - started
    if response.status != 302:
        raise RuntimeError(f"POST /login answered {response.status}")
    return elapsed


def raw_argon2(codename: str, salt: bytes) -> float:
    started = time.perf_counter()
    hash_secret_raw(
        secret=codename.encode(),
        salt=salt,
        time_cost=PRODUCTION_KDF.time_cost,
        memory_cost=PRODUCTION_KDF.memory_kib,
        parallelism=PRODUCTION_KDF.parallelism,
        hash_len=64,
        type=Type.ID,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--logins", type=int, default=10, help="how many logins (default 10)")
    parser.add_argument("--quick", action="store_true", help="3 logins")
    args = parser.parse_args()
    count = 3 if args.quick else args.logins

    kdf = PRODUCTION_KDF
    print(f"Argon2id t={kdf.time_cost}, m={kdf.memory_kib // 1024} MiB, p={kdf.parallelism}; {count} logins")
    print(f"load average at start: {os.getloadavg()[0]:.2f} (other processes on this machine skew both sides)")
    with tempfile.TemporaryDirectory(prefix="tipline-bench-login-") as folder:
        instance = start_instance(Path(folder) / "instance", codename_kdf=kdf)
        try:
            codename = SourceClient(instance.source_url).create_account()
            salt = os.urandom(16)
            raw_argon2(codename, salt)  # warm-up, both sides
            timed_login(instance.source_url, codename)
            logins: list[float] = []
            hashes: list[float] = []
            for _ in range(count):
                hashes.append(raw_argon2(codename, salt))
                logins.append(timed_login(instance.source_url, codename))
        finally:
            instance.stop()

    login_ms, hash_ms = median(logins) * 1000, median(hashes) * 1000

    def spread(values: list[float]) -> str:
        return f"min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}"

    print(f"  login POST /login (median)      {login_ms:7.1f} ms   ({spread(logins)})")
    print(f"  raw hash_secret_raw (median)    {hash_ms:7.1f} ms   ({spread(hashes)})")
    print(f"  ratio login / raw Argon2id      {login_ms / hash_ms:7.2f}      (web stack: {login_ms - hash_ms:+.1f} ms)")


if __name__ == "__main__":
    main()

"""Upload throughput and server memory: POST /submit of a big file vs pyrage alone, same run.

A source logs in over HTTP and uploads a random file through POST /submit on loopback with a
streaming client (a hand-built multipart body from a generator, with its Content-Length). The
baseline, in the same run and on the same disk, is pyrage encrypting the same file to the same
recipients (``encrypt_io`` between files, plus the fsync the server owes, and ``encrypt_file``).
Goals: upload ≥ 0.6 × the baseline's MiB/s; the worker's peak RSS growth ≤ 64 MiB.

    python benchmarks/bench_upload.py            # 3 × 256 MiB (medians) + 1 × 1 GiB
    python benchmarks/bench_upload.py --quick    # 3 × 32 MiB, no 1 GiB run
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: import benchmarks, tests

import pyrage
from pyrage import x25519
from tests.factories.live import LiveInstance

from benchmarks.support import (
    MIB,
    SourceClient,
    cpu_seconds,
    median,
    memory_kib,
    reset_peak_rss,
    source_worker_pid,
    start_instance,
)
from tipline.config import load_settings

RATIO_GOAL = 0.6
RSS_GOAL_MIB = 64
READ_CHUNK = MIB


@dataclass(frozen=True)
class UploadRun:
    seconds: float
    rss_growth_mib: float
    worker_cpu_seconds: float


def make_random_file(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        left = size
        while left:
            step = min(left, 16 * MIB)
            handle.write(os.urandom(step))
            left -= step


def multipart(csrf: str, path: Path, boundary: str) -> tuple[list[bytes], bytes, int]:
    """Head parts, tail and total length of a browser-shaped multipart body around ``path``."""
    head = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\nbenchmark\r\n'.encode(),
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode(),
    ]
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head, tail, sum(map(len, head)) + path.stat().st_size + len(tail)


def body_stream(head: list[bytes], path: Path, tail: bytes) -> Iterator[bytes]:
    yield from head
    with path.open("rb", buffering=0) as handle:
        while chunk := handle.read(READ_CHUNK):
            yield chunk
    yield tail


def upload(client: SourceClient, path: Path) -> float:
    """Seconds from the first byte sent to the 302 of POST /submit."""
    boundary = "----TiplineBench" + secrets.token_hex(16)
    head, tail, length = multipart(client.lookup_token(), path, boundary)
    connection = client.connection()
    headers = client.headers(
        {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(length)}
    )
    try:
        started = time.perf_counter()
        connection.request("POST", "/submit", body=body_stream(head, path, tail), headers=headers)
        response = connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
    finally:
        connection.close()
    if response.status != 302:
        raise RuntimeError(f"POST /submit answered {response.status}")
    return elapsed


def measured_upload(client: SourceClient, path: Path, worker: int) -> UploadRun:
    reset_peak_rss(worker)
    before = memory_kib(worker)
    cpu_before = cpu_seconds(worker)
    seconds = upload(client, path)
    after = memory_kib(worker)
    return UploadRun(seconds, (after["VmHWM"] - before["VmRSS"]) / 1024, cpu_seconds(worker) - cpu_before)


def baseline_encrypt_io(source: Path, target: Path, recipients: list[x25519.Recipient]) -> float:
    """pyrage.encrypt_io file to file, then fsync: what the server must at least do."""
    started = time.perf_counter()
    with source.open("rb") as reader, target.open("wb") as writer:
        pyrage.encrypt_io(reader, writer, recipients)
        writer.flush()
        os.fsync(writer.fileno())
    elapsed = time.perf_counter() - started
    target.unlink()
    return elapsed


def baseline_encrypt_file(source: Path, target: Path, recipients: list[x25519.Recipient]) -> float:
    """pyrage.encrypt_file: all in Rust, no fsync; the fastest pyrage gets."""
    started = time.perf_counter()
    pyrage.encrypt_file(str(source), str(target), recipients)
    elapsed = time.perf_counter() - started
    target.unlink()
    return elapsed


def discard_blobs(instance: LiveInstance) -> None:
    """Keep the disk from filling up between runs (the rows stay; the bytes are not needed)."""
    store = instance.data_dir / "store"
    for shard in store.iterdir():
        if shard.is_dir() and len(shard.name) == 2:
            for blob in shard.iterdir():
                if blob.stat().st_size > MIB:
                    blob.unlink()


def bench_size(
    instance: LiveInstance, client: SourceClient, worker: int, folder: Path, size: int, runs: int, recipients: list[str]
) -> None:
    path = folder / f"random-{size // MIB}MiB.bin"
    make_random_file(path, size)
    parsed = [x25519.Recipient.from_str(r) for r in recipients]
    # Warm the page cache and the worker once, unmeasured, so that run 1 is not special.
    baseline_encrypt_io(path, folder / "warm.age", parsed)
    uploads: list[UploadRun] = []
    encrypt_io: list[float] = []
    encrypt_file: list[float] = []
    for _ in range(runs):  # interleaved, so that load from elsewhere hits both sides alike
        encrypt_io.append(baseline_encrypt_io(path, folder / "out.age", parsed))
        encrypt_file.append(baseline_encrypt_file(path, folder / "out.age", parsed))
        uploads.append(measured_upload(client, path, worker))
        discard_blobs(instance)
    path.unlink()

    mib = size / MIB
    upload_rate = mib / median(u.seconds for u in uploads)
    io_rate = mib / median(encrypt_io)
    file_rate = mib / median(encrypt_file)
    rss = max(u.rss_growth_mib for u in uploads)
    cpu = median(u.worker_cpu_seconds for u in uploads)

    def rates(seconds: Iterable[float]) -> str:
        return ", ".join(f"{mib / s:.0f}" for s in seconds)

    print(f"\n{mib:.0f} MiB, {runs} run(s), medians (each run in brackets):")
    print(f"  upload POST /submit         {upload_rate:8.1f} MiB/s   ({rates(u.seconds for u in uploads)})")
    print(f"  pyrage.encrypt_io + fsync   {io_rate:8.1f} MiB/s   ({rates(encrypt_io)})")
    print(f"  pyrage.encrypt_file         {file_rate:8.1f} MiB/s   ({rates(encrypt_file)})")
    print(f"  ratio upload / encrypt_io   {upload_rate / io_rate:8.2f}         goal ≥ {RATIO_GOAL}")
    print(f"  ratio upload / encrypt_file {upload_rate / file_rate:8.2f}")
    print(f"  worker peak RSS growth      {rss:8.1f} MiB       goal ≤ {RSS_GOAL_MIB} (largest of the runs)")
    print(f"  worker CPU per upload       {cpu:8.2f} s         ({cpu / (mib / 1024):.2f} s per GiB)")
    verdict = upload_rate / io_rate >= RATIO_GOAL and rss <= RSS_GOAL_MIB
    print(f"  goals {'met' if verdict else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=256, help="MiB per repeated run (default 256)")
    parser.add_argument("--runs", type=int, default=3, help="repeated runs (default 3)")
    parser.add_argument("--big", type=int, default=1024, help="MiB of the single big run; 0: none (default 1024)")
    parser.add_argument("--quick", action="store_true", help="3 × 32 MiB, no big run")
    args = parser.parse_args()
    if args.quick:
        args.size, args.runs, args.big = 32, 3, 0

    with tempfile.TemporaryDirectory(prefix="tipline-bench-upload-") as folder:
        root = Path(folder)
        # The limit must admit the big file; everything else is the production configuration.
        limit = max(args.size, args.big) * MIB + MIB
        instance = start_instance(root / "instance", max_upload_bytes=max(limit, 2 * 1024 * MIB))
        try:
            recipients = [load_settings(instance.data_dir, environ={}).newsroom_recipient]
            client = SourceClient(instance.source_url)
            client.create_account()
            worker = source_worker_pid(instance)
            print(f"source worker pid {worker}, RSS {memory_kib(worker)['VmRSS'] / 1024:.1f} MiB before the uploads")
            print(f"load average at start: {os.getloadavg()[0]:.2f} (other processes on this machine skew both sides)")
            bench_size(instance, client, worker, root, args.size * MIB, args.runs, recipients)
            if args.big:
                bench_size(instance, client, worker, root, args.big * MIB, 1, recipients)
        finally:
            instance.stop()


if __name__ == "__main__":
    main()

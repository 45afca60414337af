"""What padding costs (issue 20.1, docs/padding-design.md): storage on a realistic mix, bytes per page.

1. Storage. A seeded mix of what sources send (assumptions below, stated so they can be argued
   with), sized with age's exact payload arithmetic (a 16-byte nonce, then the plaintext in
   64 KiB chunks of 16-byte tags; the header's random grease adds the same on both sides), and a
   sample encrypted for real to check that arithmetic. The baseline is the same mix unpadded.
2. Responses. A live `tipline serve`, walked as a source would (front page, codename, login and
   its error, the form empty, after sending, with replies, errors, logged out), each response
   counted on a raw socket, every byte gunicorn sent.

    python benchmarks/bench_padding.py [--quick]
"""

from __future__ import annotations

import argparse
import math
import random
import socket
import sys
import tempfile
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: import benchmarks, tests

from tests.factories.forms import csrf_token
from tests.factories.live import LiveInstance

from benchmarks.support import call_api, journalist_api, start_instance
from tipline.crypto.age import encrypt_bytes, generate_identity
from tipline.crypto.padding import FRAME_BYTES, file_bucket, pad_file_bytes, pad_small, small_bucket

MIB = 1024 * 1024
CHUNK = 64 * 1024
# The mix. Messages: 90 % of batches, log-normal length (median 400 characters, σ 1.2), Korean at
# 2.7 bytes a character (Hangul 3, spaces and punctuation 1), at most 512 KiB. Files: 35 % of
# batches carry 1 to 3; of the files, 55 % photos (median 2.5 MB, σ 0.6), 37 % documents (median
# 300 KB, σ 1.2), 8 % videos (median 40 MB, σ 1.0), at most 2 GiB. One manifest per batch (150
# bytes plus 180 a file); one reply (median 300 characters) for every second batch.
BYTES_PER_CHARACTER = 2.7


@dataclass(frozen=True)
class Item:
    kind: str  # message, manifest, reply, file
    size: int  # plaintext bytes


def the_mix(batches: int, seed: int = 20) -> list[Item]:
    rng = random.Random(seed)
    items: list[Item] = []

    def lognormal(median: float, sigma: float, cap: int) -> int:
        return max(1, min(cap, int(rng.lognormvariate(math.log(median), sigma))))

    for number in range(batches):
        files = rng.randint(1, 3) if rng.random() < 0.35 else 0
        message = rng.random() < 0.9 or files == 0
        if message:
            characters = lognormal(400, 1.2, 190_000)
            items.append(Item("message", min(512 * 1024, int(characters * BYTES_PER_CHARACTER))))
        for _ in range(files):
            draw = rng.random()
            if draw < 0.55:
                items.append(Item("file", lognormal(2.5e6, 0.6, 2 * 1024**3)))
            elif draw < 0.92:
                items.append(Item("file", lognormal(3e5, 1.2, 2 * 1024**3)))
            else:
                items.append(Item("file", lognormal(4e7, 1.0, 2 * 1024**3)))
        items.append(Item("manifest", 150 + 180 * (files + int(message))))
        if number % 2 == 0:
            items.append(Item("reply", int(lognormal(300, 0.8, 100_000) * BYTES_PER_CHARACTER)))
    return items


def payload(plaintext: int) -> int:
    """age's bytes after the header: a 16-byte nonce, the plaintext, a 16-byte tag per 64 KiB chunk."""
    return 16 + plaintext + 16 * max(1, math.ceil(plaintext / CHUNK))


def padded(item: Item) -> int:
    framed = item.size + FRAME_BYTES
    return file_bucket(framed) if item.kind == "file" else small_bucket(framed)


def _payload_of(ciphertext: bytes) -> int:
    mac_line = ciphertext.index(b"\n--- ") + 1
    return len(ciphertext) - (ciphertext.index(b"\n", mac_line) + 1)


def check_arithmetic(items: list[Item], sample: int) -> int:
    """Encrypt a sample for real (files up to 8 MiB): the payload must be what payload() says."""
    _, recipient = generate_identity()
    rng = random.Random(7)
    candidates = [i for i in items if i.size <= 8 * MIB]
    checked = 0
    for item in rng.sample(candidates, min(sample, len(candidates))):
        data = b"\x01" * item.size
        frame = pad_file_bytes(data) if item.kind == "file" else pad_small(data)
        assert len(frame) == padded(item), item
        assert _payload_of(encrypt_bytes(frame, [recipient])) == payload(len(frame)), item
        checked += 1
    return checked


def storage_report(batches: int, sample: int) -> None:
    items = the_mix(batches)
    checked = check_arithmetic(items, sample)
    print(f"storage: {batches} batches, {len(items)} ciphertexts; arithmetic checked on {checked} real encryptions")
    columns = ("count", 6), ("unpadded MiB", 13), ("padded MiB", 11), ("overhead", 9), ("sizes (before → after)", 24)
    print(f"{'kind':10} " + " ".join(f"{name:>{width}}" for name, width in columns))
    total_before = total_after = 0
    for kind in ("message", "manifest", "reply", "file", "all"):
        chosen = [i for i in items if kind in ("all", i.kind)]
        before = sum(payload(i.size) for i in chosen)
        after = sum(payload(padded(i)) for i in chosen)
        distinct = f"{len({i.size for i in chosen})} → {len({padded(i) for i in chosen})}"
        overhead = (after - before) / before
        print(f"{kind:10} {len(chosen):6} {before / MIB:13.1f} {after / MIB:11.1f} {overhead:9.1%} {distinct:>24}")
        if kind == "all":
            total_before, total_after = before, after
    files = [i for i in items if i.kind == "file" and i.size + FRAME_BYTES > 16 * 1024]
    worst = max((padded(i) - i.size) / i.size for i in files)
    print(f"largest overhead of one file above 16 KiB: {worst:.1%} (bound 12 %)")
    print(f"all together: {total_after / total_before:.3f} × the unpadded store")


# --- responses on the wire ---


@dataclass
class RawSource:
    base_url: str
    cookie: str = ""

    def send(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, int, bytes]:
        """(status, bytes on the wire, body), every byte of the response counted."""
        url = urllib.parse.urlsplit(self.base_url)
        body = urllib.parse.urlencode(form).encode() if form is not None else b""
        head = f"{method} {path} HTTP/1.1\r\nHost: {url.hostname}\r\nConnection: close\r\n"
        if self.cookie:
            head += f"Cookie: tipline_source={self.cookie}\r\n"
        if form is not None:
            head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        with socket.create_connection((url.hostname or "", url.port or 80), timeout=60) as sock:
            sock.sendall(head.encode() + b"\r\n" + body)
            received = b""
            while piece := sock.recv(65536):
                received += piece
        header, _, content = received.partition(b"\r\n\r\n")
        for line in header.split(b"\r\n")[1:]:
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "set-cookie" and value.strip().startswith("tipline_source="):
                cookie = value.strip().split(";", 1)[0].partition("=")[2]
                self.cookie = "" if "max-age=0" in value.lower().replace(" ", "") else cookie
        return int(header.split(b" ", 2)[1]), len(received), content


def add_reply(instance: LiveInstance, text: str) -> None:
    token, _ = journalist_api(instance)
    (source,) = call_api(instance, "GET", "/api/v1/sources", token)["sources"]
    call_api(instance, "POST", source["replies_url"], token, {"message": text})


def walk(instance: LiveInstance) -> list[tuple[str, int, int]]:
    source = RawSource(instance.source_url)
    seen: list[tuple[str, int, int]] = []

    def note(name: str, answer: tuple[int, int, bytes]) -> bytes:
        seen.append((name, answer[0], answer[1]))
        return answer[2]

    note("index", source.send("GET", "/"))
    page = note("generate (codename)", source.send("GET", "/generate")).decode()
    note("create (redirect)", source.send("POST", "/create", {"csrf_token": csrf_token(page)}))
    page = note("lookup, account ready", source.send("GET", "/lookup")).decode()
    token = csrf_token(page)
    note("submit, empty (error)", source.send("POST", "/submit", {"csrf_token": token, "message": ""}))
    note("submit (redirect)", source.send("POST", "/submit", {"csrf_token": token, "message": "A first tip."}))
    note("lookup, what arrived", source.send("GET", "/lookup"))
    note("lookup, no reply", source.send("GET", "/lookup"))
    add_reply(instance, "감사합니다. 잘 받았습니다.")
    note("lookup, one reply", source.send("GET", "/lookup"))
    for _ in range(4):
        add_reply(instance, "받은 문서를 다 읽었습니다. 사무실에서 또 누가 알고 있습니까? " * 8)
    note("lookup, five replies", source.send("GET", "/lookup"))
    note("form expired (CSRF)", source.send("POST", "/submit", {"csrf_token": "forged", "message": "x"}))
    note("not found (404)", source.send("GET", "/no-such-page"))
    note("not allowed (405)", source.send("GET", "/logout"))
    note("logged out", source.send("POST", "/logout", {"csrf_token": token}))
    visitor = RawSource(instance.source_url)
    login = note("login", visitor.send("GET", "/login")).decode()
    wrong = {"csrf_token": csrf_token(login), "codename": "not the right words"}
    note("login, wrong codename", visitor.send("POST", "/login", wrong))
    note("guide", visitor.send("GET", "/guide"))
    note("stylesheet", visitor.send("GET", "/static/style.css"))
    return seen


def responses_report() -> None:
    with tempfile.TemporaryDirectory(prefix="tipline-bench-padding-") as folder:
        instance = start_instance(Path(folder) / "instance")
        try:
            seen = walk(instance)
        finally:
            instance.stop()
    print(f"\nresponses: {'what':26} {'status':>6} {'bytes on the wire':>18}")
    for name, status, size in seen:
        print(f"           {name:26} {status:6} {size:18}")
    sizes = Counter(size for _, _, size in seen)
    print(f"the set of sizes: {dict(sorted(sizes.items()))} ({len(sizes)} sizes for {len(seen)} responses)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smaller mix and sample")
    args = parser.parse_args()
    storage_report(batches=1000 if args.quick else 10_000, sample=20 if args.quick else 200)
    responses_report()


if __name__ == "__main__":
    main()

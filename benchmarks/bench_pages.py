"""Bytes of every source page with its assets (HTML + CSS), against the 16 KiB budget.

A source on a slow Tor circuit pays for every byte, so each page, with everything it pulls in,
must stay within 16 KiB. A live instance is walked like a source would: front page, codename,
login (and its error), the lookup page empty, after sending, with a reply, logged out, and the
error page. Assets are what the HTML references (stylesheets, images, scripts), fetched once per
page. "wire" adds the response headers.

    python benchmarks/bench_pages.py
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: import benchmarks, tests

from tests.factories.live import LiveInstance

from benchmarks.support import Response, SourceClient, call_api, csrf_token, journalist_api, start_instance
from tipline.crypto.age import encrypt_bytes

BUDGET = 16 * 1024
_ASSET = re.compile(r'<(?:link[^>]+href|img[^>]+src|script[^>]+src)="([^"]+)"')
REPLY = (
    "Thank you for the ledger. We could read all of it. Can you tell us who else at the office knows "
    "about the payments, and when the next one is due? Take your time; come back in a few days."
)


@dataclass(frozen=True)
class PageSize:
    name: str
    status: int
    html: int
    assets: int
    wire: int

    @property
    def total(self) -> int:
        return self.html + self.assets


def measure(client: SourceClient, name: str, page: Response) -> PageSize:
    assets = sorted(set(_ASSET.findall(page.text)))
    fetched = [client.get(url) for url in assets]
    assert all(200 == asset.status for asset in fetched), (name, assets)
    asset_bytes = sum(len(asset.body) for asset in fetched)
    wire = page.header_bytes + len(page.body) + sum(asset.header_bytes + len(asset.body) for asset in fetched)
    return PageSize(name, page.status, len(page.body), asset_bytes, wire)


def follow(client: SourceClient, response: Response) -> Response:
    assert 302 == response.status, response.status
    return client.get(response.headers["Location"])


def add_reply(instance: LiveInstance) -> None:
    token, root = journalist_api(instance)
    (source,) = call_api(instance, "GET", "/api/v1/sources", token)["sources"]
    armored = encrypt_bytes(
        REPLY.encode(), [source["age_recipient"], root["newsroom_recipient"]], armored=True
    ).decode()
    call_api(instance, "POST", source["replies_url"], token, {"reply": armored})


def walk(instance: LiveInstance) -> list[PageSize]:
    source = SourceClient(instance.source_url)
    sizes = [measure(source, "index", source.get("/"))]
    generate = source.get("/generate")
    sizes.append(measure(source, "generate (codename)", generate))
    created = source.post_form("/create", {"csrf_token": csrf_token(generate.text)})
    lookup = follow(source, created)
    sizes.append(measure(source, "lookup, account ready", lookup))
    sent = source.post_form("/submit", {"csrf_token": csrf_token(lookup.text), "message": "A first tip."})
    lookup = follow(source, sent)
    sizes.append(measure(source, "lookup, sent", lookup))
    add_reply(instance)
    lookup = source.get("/lookup")
    sizes.append(measure(source, "lookup, one reply", lookup))
    sizes.append(measure(source, "logged out", source.post_form("/logout", {"csrf_token": csrf_token(lookup.text)})))

    visitor = SourceClient(instance.source_url)
    login = visitor.get("/login")
    sizes.append(measure(visitor, "login", login))
    wrong = visitor.post_form("/login", {"csrf_token": csrf_token(login.text), "codename": "not the right words"})
    sizes.append(measure(visitor, "login, wrong codename", wrong))
    sizes.append(measure(visitor, "not found (404)", visitor.get("/no-such-page")))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="accepted for bin/bench --quick; this one is quick anyway")
    parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tipline-bench-pages-") as folder:
        instance = start_instance(Path(folder) / "instance")
        try:
            sizes = walk(instance)
        finally:
            instance.stop()
    print(f"{'page':26} {'status':>6} {'HTML':>7} {'CSS etc.':>8} {'total':>7} {'budget':>7} {'wire':>7}")
    for size in sizes:
        share = size.total / BUDGET
        print(f"{size.name:26} {size.status:6} {size.html:7} {size.assets:8} {size.total:7} {share:6.0%} {size.wire:7}")
    largest = max(sizes, key=lambda s: s.total)
    verdict = "met" if largest.total <= BUDGET else "MISSED"
    print(f"largest: {largest.name}, {largest.total} B = {largest.total / BUDGET:.0%} of 16 KiB; goal {verdict}")


if __name__ == "__main__":
    main()

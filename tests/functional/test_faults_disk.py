"""A full disk under a live server: the store's, then the database's (root only: real tmpfs mounts).

The source gets a 507 Insufficient Storage page in their language (507 rather than 503: the
server is up and says exactly what is wrong, and operators can tell a full disk from a database
outage in their monitoring; no Retry-After, since nobody knows when space will be freed).
Nothing is half-written: no partial blob, no row naming a missing blob, .incoming empty. The
server keeps serving pages, the journalist interface, and small messages once there is room.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.factories.faults import (
    api_json,
    fill,
    incoming,
    journalist_api,
    newsroom_identity,
    newsroom_plaintexts,
    small_tmpfs,
    store_dir,
    stored_blobs,
)
from tests.factories.live import LiveInstance, prepare_instance, serve
from tests.factories.live_http import FilePart, HttpResult, LiveClient, create_account, lookup_token, multipart

FULL_TITLES = {
    "ko": "제보 창구에 지금은 더 받아둘 자리가 없습니다",
    "ru": "Сейчас редакция не может принять ничего нового",
}
FULL_MESSAGES = {
    "ko": "보낸 것을 둘 자리가 없어서 아무것도 남지 않았습니다.",
    "ru": "Отправленное негде хранить, поэтому ничего не сохранено.",
}
LEAKS = ("Traceback", "No space", "Errno", "ENOSPC", "sqlite", "database or disk is full", "/store")


def assert_full_page(reply: HttpResult, language: str) -> None:
    assert 507 == reply.status, reply.text
    assert f"<h1>{FULL_TITLES[language]}</h1>" in reply.text
    assert FULL_MESSAGES[language] in reply.text
    for leak in LEAKS:
        assert leak not in reply.text


def send(source: LiveClient, message: str, files: Sequence[FilePart] = (), language: str = "ko") -> HttpResult:
    body, content_type = multipart([("csrf_token", lookup_token(source)), ("message", message)], files)
    return source.post(f"/submit?l={language}", body, content_type)


def check_agrees(instance: LiveInstance) -> None:
    result = instance.cli("check", "--grace-seconds", "0", check=False, process=True)
    assert 0 == result.returncode, result.stdout + result.stderr


@pytest.fixture
def store_on_tmpfs(tmp_path: Path) -> Iterator[LiveInstance]:
    instance = prepare_instance(tmp_path / "live")
    with small_tmpfs(store_dir(instance), "4m"):
        try:
            yield serve(instance)
        finally:
            instance.stop()


@pytest.fixture
def database_on_tmpfs(tmp_path: Path) -> Iterator[LiveInstance]:
    # The whole data folder (the SQLite database and its WAL) on the tmpfs; the store elsewhere,
    # so that it is the database, not the store, that runs out of room.
    with small_tmpfs(tmp_path / "live" / "data", "8m"):
        instance = prepare_instance(tmp_path / "live", settings_overrides={"store_dir": tmp_path / "store"})
        try:
            yield serve(instance)
        finally:
            instance.stop()


def test_a_full_store_is_a_507_page_and_nothing_half_written(store_on_tmpfs: LiveInstance) -> None:
    live = store_on_tmpfs
    store = store_dir(live)
    source = LiveClient(live.source_url, extra_headers={"Accept-Language": ""})
    create_account(source)
    assert 302 == send(source, "before the disk filled").status
    blobs_before = stored_blobs(store)
    filler = fill(store, leave_bytes=256 * 1024)

    # A 1 MiB file does not fit: the page says so, in Korean by default and in Russian when chosen.
    for language in ("ko", "ru"):
        big = FilePart("files", "scan.pdf", os.urandom(1024 * 1024), "application/pdf")
        assert_full_page(send(source, "with a big file", [big], language), language)
        assert blobs_before == stored_blobs(store)
        assert [] == incoming(store)

    # The server keeps serving: pages, the journalist interface, and a small message that fits
    # in the room the failed uploads gave back.
    assert 200 == source.get("/lookup?l=ko").status
    assert 200 == LiveClient(live.journalist_url).get("/login").status
    assert 302 == send(source, "small enough").status
    journalist = journalist_api(live)
    assert 1 == len(api_json(journalist, "/api/v1/sources")["sources"])
    check_agrees(live)

    # Room again: the big file goes through.
    filler.unlink()
    assert 302 == send(source, "after space was freed", [FilePart("files", "scan.pdf", os.urandom(1024 * 1024))]).status
    plaintexts = newsroom_plaintexts(journalist, newsroom_identity(live))
    assert [b"before the disk filled", b"small enough", b"after space was freed"] == [
        p for p in plaintexts if len(p) < 1024
    ]
    assert [] == incoming(store)
    check_agrees(live)


def test_a_full_database_disk_is_a_507_page_and_leaves_no_orphan(database_on_tmpfs: LiveInstance) -> None:
    live = database_on_tmpfs
    store = live.data_dir.parent / "store"
    source = LiveClient(live.source_url, extra_headers={"Accept-Language": ""})
    create_account(source)
    assert 302 == send(source, "before the disk filled").status
    blobs_before = stored_blobs(store)
    filler = fill(live.data_dir, leave_bytes=0)

    # The blobs are written (the store has room), the rows cannot be: the blobs are removed again.
    assert_full_page(send(source, "the database cannot take this", [FilePart("files", "a.pdf", b"x" * 4096)]), "ko")
    assert blobs_before == stored_blobs(store)
    assert [] == incoming(store)
    assert 200 == source.get("/lookup").status

    filler.unlink()
    assert 302 == send(source, "after space was freed").status
    journalist = journalist_api(live)
    assert [b"before the disk filled", b"after space was freed"] == newsroom_plaintexts(
        journalist, newsroom_identity(live)
    )
    check_agrees(live)

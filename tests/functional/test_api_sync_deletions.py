"""?since= reports deletions (tombstones, kept for a bounded time), and the whole sources list
is streamed from the database."""

from __future__ import annotations

import datetime
import hashlib
import json
import random
import tracemalloc
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from tests.factories.api import logged_in
from tests.factories.sources import make_source
from tipline.contract.codec import parse
from tipline.contract.records import ReplyList, SourceList, SubmissionList
from tipline.devdata.seed import seed_services
from tipline.services import Services
from tipline.tombstones import KEEP_DAYS, Tombstone
from tipline.tombstones import uuid_sha256 as h


def _get(client: FlaskClient, path: str, headers: dict[str, str]) -> Any:
    response = client.get(path, headers=headers)
    assert 200 == response.status_code, response.get_data(as_text=True)
    return response.get_json()


def _sync(client: FlaskClient, headers: dict[str, str], key: str, cursor: int) -> tuple[list[str], list[str], int]:
    """Follow links.next from ?since=cursor, one item a page: (listed uuids, deleted uuids' hashes, cursor)."""
    listed: list[str] = []
    deleted: list[str] = []
    path: str | None = f"/api/v1/{key}?since={cursor}&per_page=1"
    while path is not None:
        body = _get(client, path, headers)
        listed += [item["uuid"] for item in body[key]]
        deleted += [item["uuid_sha256"] for item in body["deleted"]]
        assert all(set(item) == {"uuid_sha256", "change_seq"} for item in body["deleted"])  # nothing else
        cursor, path = body["cursor"], body["links"]["next"]
    return listed, deleted, cursor


def test_since_reports_what_was_deleted(journalist_client: FlaskClient, services: Services) -> None:
    kept = make_source(services, "one", "two")
    doomed = make_source(services, "three", "four")
    _, headers = logged_in(journalist_client, services)
    base = f"/api/v1/sources/{kept.uuid}"
    reply = journalist_client.post(f"{base}/replies", json={"message": "Thanks"}, headers=headers).get_json()["uuid"]
    doomed_reply = journalist_client.post(
        f"/api/v1/sources/{doomed.uuid}/replies", json={"message": "Hi"}, headers=headers
    ).get_json()["uuid"]
    cursors = {key: _sync(journalist_client, headers, key, 0)[2] for key in ("sources", "submissions", "replies")}
    first = kept.batches[0].submission_uuids[0]
    second = kept.batches[1].submission_uuids[0]
    doomed_items = [u for batch in doomed.batches for u in batch.submission_uuids]

    assert 200 == journalist_client.delete(f"{base}/submissions/{first}", headers=headers).status_code
    assert 200 == journalist_client.delete(f"{base}/replies/{reply}", headers=headers).status_code
    assert 200 == journalist_client.delete(f"/api/v1/sources/{doomed.uuid}", headers=headers).status_code
    # A change after the deletions: listed in stamp order with them.
    journalist_client.get(f"{base}/submissions/{second}/download", headers=headers)

    listed, deleted, _ = _sync(journalist_client, headers, "submissions", cursors["submissions"])
    assert ([second], sorted(map(h, [first, *doomed_items]))) == (listed, sorted(deleted))
    listed, deleted, _ = _sync(journalist_client, headers, "replies", cursors["replies"])
    assert ([], sorted([h(reply), h(doomed_reply)])) == (listed, sorted(deleted))
    listed, deleted, end = _sync(journalist_client, headers, "sources", cursors["sources"])
    assert ([kept.uuid], [h(doomed.uuid)]) == (listed, deleted)
    assert ([], [], end) == _sync(journalist_client, headers, "sources", end)

    # Only hashes: the server keeps no deleted uuid (a client hashes the uuids it holds).
    assert hashlib.sha256(doomed.uuid.encode()).hexdigest() == h(doomed.uuid)
    # The records are the contract's; whole lists have no deletions to report.
    since = _get(journalist_client, f"/api/v1/submissions?since={cursors['submissions']}", headers)
    assert 3 == len(parse(SubmissionList, since).deleted)
    assert () == parse(SourceList, _get(journalist_client, "/api/v1/sources", headers)).deleted
    assert () == parse(ReplyList, _get(journalist_client, "/api/v1/replies", headers)).deleted


def test_deletion_by_the_source_and_by_conversation_leave_tombstones(
    journalist_client: FlaskClient, services: Services
) -> None:
    source = make_source(services, "one")
    _, headers = logged_in(journalist_client, services)
    base = f"/api/v1/sources/{source.uuid}"
    reply = journalist_client.post(f"{base}/replies", json={"message": "Hello"}, headers=headers).get_json()["uuid"]
    cursor = _get(journalist_client, "/api/v1/replies", headers)["cursor"]

    assert services.submissions.delete_reply_by_source(source.login.source_id, reply)
    assert ([], [h(reply)]) == _sync(journalist_client, headers, "replies", cursor)[:2]

    cursor = _get(journalist_client, "/api/v1/submissions", headers)["cursor"]
    assert 200 == journalist_client.delete(f"{base}/conversation", headers=headers).status_code
    gone = [h(u) for u in source.batches[0].submission_uuids]
    assert ([], gone) == _sync(journalist_client, headers, "submissions", cursor)[:2]


def test_tombstones_are_purged_and_an_older_cursor_must_sync_again(
    journalist_client: FlaskClient, services: Services
) -> None:
    source = make_source(services, "one", "two")
    _, headers = logged_in(journalist_client, services)
    old_cursor = _get(journalist_client, "/api/v1/submissions", headers)["cursor"]
    first, second = (u for batch in source.batches for u in batch.submission_uuids)
    base = f"/api/v1/sources/{source.uuid}"
    assert 200 == journalist_client.delete(f"{base}/submissions/{first}", headers=headers).status_code
    # That deletion happened longer ago than tombstones are kept.
    with services.sessions.begin() as session:
        old_day = datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=KEEP_DAYS + 1)
        session.execute(sa.update(Tombstone).values(deleted_on=old_day))
    newer_cursor = _get(journalist_client, "/api/v1/submissions", headers)["cursor"]
    assert 200 == journalist_client.delete(f"{base}/submissions/{second}", headers=headers).status_code

    too_old = journalist_client.get(f"/api/v1/submissions?since={old_cursor}", headers=headers)

    assert 410 == too_old.status_code
    assert "since=0" in too_old.get_json()["message"]
    with services.sessions() as session:
        assert [h(second)] == list(session.scalars(sa.select(Tombstone.uuid_sha256)))  # the old one is gone
    assert ([], [h(second)]) == _sync(journalist_client, headers, "submissions", newer_cursor)[:2]
    assert 200 == journalist_client.get("/api/v1/submissions?since=0", headers=headers).status_code


def _seed(services: Services, count: int, rng: random.Random) -> None:
    seed_services(services, sources=count, submissions=count, rng=rng)


def _peak_while_streaming(client: FlaskClient, headers: dict[str, str]) -> tuple[int, int, int, bytes]:
    """(peak traced bytes, bytes sent, pieces, the last bytes) of GET /sources, read piece by piece."""
    tracemalloc.start()
    try:
        response = client.get("/api/v1/sources", headers=headers, buffered=False)
        assert 200 == response.status_code
        size, pieces, tail = 0, 0, b""
        for piece in response.response:
            data = piece if isinstance(piece, bytes) else piece.encode()
            size, pieces, tail = size + len(data), pieces + 1, (tail + data)[-200:]
        response.close()
        return tracemalloc.get_traced_memory()[1], size, pieces, tail
    finally:
        tracemalloc.stop()


def test_the_whole_sources_list_is_streamed_in_bounded_memory(
    journalist_client: FlaskClient, services: Services
) -> None:
    """Three times the sources, about the same memory while the list is sent: the rows are read
    from the database a chunk at a time and written out as they come, never all held at once
    (before, the peak grew with the list: every row and record was built first)."""
    rng = random.Random(7)
    _seed(services, 1000, rng)
    _, headers = logged_in(journalist_client, services)
    journalist_client.get("/api/v1/sources?per_page=1", headers=headers)  # warm caches, compile the encoder
    small_peak, small_size, _, _ = _peak_while_streaming(journalist_client, headers)
    _seed(services, 2000, rng)

    peak, size, pieces, tail = _peak_while_streaming(journalist_client, headers)

    assert size > 2.5 * small_size
    assert pieces > 10  # sent as it was read, in many pieces
    # Materialised, the peak grew by ~45% of the added bytes (1.0 MB for 2.2 MB; streamed: none).
    growth = peak - small_peak
    assert growth < (size - small_size) / 5, f"peak {peak} B for {size} B sent; {small_peak} B for {small_size} B"
    assert b'"total":3000' in tail
    whole = _get(journalist_client, "/api/v1/sources", headers)
    assert 3000 == len(parse(SourceList, whole).sources) == whole["total"]
    assert json.dumps(whole)  # one well-formed document

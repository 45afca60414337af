"""Sync completeness: whole lists without pagination, and ?since= that never skips a commit."""

from __future__ import annotations

import threading
import time
from typing import Any

from flask.testing import FlaskClient

from tests.factories.api import logged_in
from tests.factories.sources import make_source
from tipline.contract.codec import parse
from tipline.contract.records import SourceList, SubmissionList
from tipline.sequence import take_stamps
from tipline.services import Services


def _get(client: FlaskClient, path: str, headers: dict[str, str]) -> Any:
    response = client.get(path, headers=headers)
    assert 200 == response.status_code, response.get_data(as_text=True)
    return response.get_json()


def _sync(client: FlaskClient, headers: dict[str, str], cursor: int) -> tuple[list[dict[str, Any]], int]:
    """Follow links.next from ?since=cursor to the end, as a client would."""
    found: list[dict[str, Any]] = []
    path: str | None = f"/api/v1/submissions?since={cursor}&per_page=2"
    while path is not None:
        body = _get(client, path, headers)
        found += body["submissions"]
        cursor, path = body["cursor"], body["links"]["next"]
    return found, cursor


def test_lists_without_page_are_whole_and_pages_stay_available(
    journalist_client: FlaskClient, services: Services
) -> None:
    """SecureDrop's clients never page: 103 sources and 206 submissions all come back at once
    (the old default page of 100 sources lost 3); page/per_page still page."""
    for n in range(103):
        make_source(services, f"first {n}", f"second {n}")
    _, headers = logged_in(journalist_client, services)

    sources = _get(journalist_client, "/api/v1/sources", headers)
    submissions = _get(journalist_client, "/api/v1/submissions", headers)
    paged = _get(journalist_client, "/api/v1/sources?page=2&per_page=100", headers)

    assert (103, 103, 1) == (len(sources["sources"]), sources["total"], sources["pages"])
    assert (206, 206) == (len(submissions["submissions"]), submissions["total"])
    assert (3, 2) == (len(paged["sources"]), paged["pages"])
    # The server's answers are the contract's records, to the letter (what the desk parses).
    assert 103 == len(parse(SourceList, sources).sources)
    assert 206 == len(parse(SubmissionList, submissions).submissions)


def test_since_lists_what_changed_after_the_cursor_in_order(journalist_client: FlaskClient, services: Services) -> None:
    first = make_source(services, "one", "two")
    _, headers = logged_in(journalist_client, services)
    everything, cursor = _sync(journalist_client, headers, 0)
    assert 2 == len(everything)

    third = make_source(services, "three")
    reader = services.journalists.get(services.journalists.list_all()[0].uuid)
    services.newsroom.mark_seen(reader, [everything[0]["uuid"]])  # a change lists it again
    changed, later = _sync(journalist_client, headers, cursor)

    assert [*third.batches[0].submission_uuids, everything[0]["uuid"]] == [s["uuid"] for s in changed]
    assert first.uuid == changed[1]["source_uuid"]
    assert [s["change_seq"] for s in changed] == sorted(s["change_seq"] for s in changed)
    assert all(s["change_seq"] > cursor for s in changed)
    assert ([], later) == _sync(journalist_client, headers, later)
    sources = _get(journalist_client, f"/api/v1/sources?since={cursor}", headers)["sources"]
    assert 2 == len(sources)  # the new source, and the first one whose unread count changed


def test_a_commit_held_open_is_never_skipped(journalist_client: FlaskClient, services: Services) -> None:
    """Transaction A takes its stamp and stays open; B submits meanwhile and commits after A.
    With autoincrement ids a client could read B, move its cursor past A, and never see A. Here
    B cannot even take a stamp until A is done, so a cursor never passes an open transaction."""
    source = make_source(services, "before")
    _, headers = logged_in(journalist_client, services)
    _, cursor = _sync(journalist_client, headers, 0)

    done = threading.Event()
    holding = services.sessions()
    holding.begin()
    held_stamp = take_stamps(holding)

    def submit() -> None:
        services.submissions.submit(source.login.source_id, "sent while A is open", [])
        done.set()

    writer = threading.Thread(target=submit)
    writer.start()
    try:
        time.sleep(1.0)
        assert not done.is_set(), "B committed while A held the clock"
        assert ([], cursor) == _sync(journalist_client, headers, cursor)
    finally:
        holding.commit()
        holding.close()
        writer.join(timeout=60)
    assert done.is_set()

    after, _ = _sync(journalist_client, headers, cursor)
    assert 1 == len(after)
    assert after[0]["change_seq"] > held_stamp


def test_concurrent_commits_all_reach_a_syncing_client(journalist_client: FlaskClient, services: Services) -> None:
    """Four writers submit at once while a client syncs in a loop: it ends with every submission,
    each exactly once per change, and never saw a cursor go backwards."""
    sources = [make_source(services) for _ in range(4)]
    _, headers = logged_in(journalist_client, services)
    _, cursor = _sync(journalist_client, headers, 0)
    sent: list[str] = []
    lock = threading.Lock()

    def write(source_id: int) -> None:
        for n in range(8):
            receipt = services.submissions.submit(source_id, f"tip {n}", [])
            with lock:
                sent.extend(receipt.submission_uuids)

    writers = [threading.Thread(target=write, args=(s.login.source_id,)) for s in sources]
    for writer in writers:
        writer.start()
    seen: list[str] = []
    cursors = [cursor]
    while any(w.is_alive() for w in writers):
        found, cursor = _sync(journalist_client, headers, cursor)
        seen += [s["uuid"] for s in found]
        cursors.append(cursor)
    for writer in writers:
        writer.join(timeout=60)
    found, cursor = _sync(journalist_client, headers, cursor)
    seen += [s["uuid"] for s in found]

    assert 32 == len(sent)
    assert sorted(sent) == sorted(seen)
    assert cursors == sorted(cursors)


def test_the_streamed_whole_list_writes_the_bytes_of_the_paged_one(
    journalist_client: FlaskClient, services: Services
) -> None:
    """The whole list is written straight to text (api_records.source_text), a page through the
    records (source_record): each source's bytes are the same, whatever its case holds."""
    journalist, headers = logged_in(journalist_client, services)
    made = [make_source(services, f"first {n}", f"second {n}") for n in range(5)]
    make_source(services)  # a codename, nothing sent
    changes: list[dict[str, Any]] = [
        {"is_starred": True, "labels": ["zeta", "a: b/c+d", "한국어"], "status": "in progress"},
        {"assignee_uuid": journalist.uuid, "note": "armored? no: a note"},
        {"labels": ["alpha"], "assignee_uuid": None},
    ]
    for source, change in zip(made, changes, strict=False):
        response = journalist_client.patch(f"/api/v1/sources/{source.uuid}", json=change, headers=headers)
        assert 200 == response.status_code, response.get_data(as_text=True)
    seen = _get(journalist_client, f"/api/v1/sources/{made[3].uuid}/submissions", headers)["submissions"][0]
    journalist_client.post(
        "/api/v1/seen", json={"files": [], "messages": [seen["uuid"]], "replies": []}, headers=headers
    )

    def items(path: str) -> str:
        response = journalist_client.get(path, headers=headers)
        assert 200 == response.status_code
        body = response.get_data(as_text=True)
        assert body.startswith('{"sources":[')
        return body[len('{"sources":[') : body.index('],"page":')]

    whole, paged = items("/api/v1/sources"), items("/api/v1/sources?page=1&per_page=1000")
    assert paged == whole
    assert 6 == len(_get(journalist_client, "/api/v1/sources", headers)["sources"])

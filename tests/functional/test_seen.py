"""Read flags that move: seen_by per journalist, from downloads (API, web), POST /seen and /unseen.

Each journalist has their own unread counts; a download marks the item seen for whoever
downloaded it, nobody else. Seen rows hold no time and go with their item.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.factories.api import logged_in, token_for
from tests.factories.journalists import make_journalist
from tests.factories.sources import make_source
from tests.functional.test_journalist_web import web_login
from tipline.services import Services
from tipline.submissions.models import SeenReply, SeenSubmission


def _get(client: FlaskClient, path: str, headers: dict[str, str]) -> Any:
    response = client.get(path, headers=headers)
    assert 200 == response.status_code, response.get_data(as_text=True)
    return response.get_json()


def _unread(client: FlaskClient, headers: dict[str, str], source_uuid: str) -> int:
    return int(_get(client, f"/api/v1/sources/{source_uuid}", headers)["number_of_unread"])


def _seen_rows(services: Services) -> int:
    with services.sessions() as session:
        return sum(
            int(session.scalar(sa.select(sa.func.count()).select_from(m)) or 0) for m in (SeenSubmission, SeenReply)
        )


def test_a_download_marks_it_seen_for_that_journalist_only(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "one", "two")
    first, second = (u for batch in source.batches for u in batch.submission_uuids)
    alice, alice_headers = logged_in(journalist_client, services, "alice")
    bob, bob_headers = logged_in(journalist_client, services, "bob")
    base = f"/api/v1/sources/{source.uuid}"

    def unread(headers: dict[str, str]) -> int:
        return _unread(journalist_client, headers, source.uuid)

    assert (2, 2) == (
        _unread(journalist_client, alice_headers, source.uuid),
        _unread(journalist_client, bob_headers, source.uuid),
    )
    cursor = _get(journalist_client, "/api/v1/submissions", alice_headers)["cursor"]

    assert 200 == journalist_client.get(f"{base}/submissions/{first}/download", headers=alice_headers).status_code

    record = _get(journalist_client, f"{base}/submissions/{first}", bob_headers)
    assert ([alice.uuid], True) == (record["seen_by"], record["is_read"])
    assert 1 == _unread(journalist_client, alice_headers, source.uuid)
    assert 2 == _unread(journalist_client, bob_headers, source.uuid)  # Bob has not read it
    whole = _get(journalist_client, "/api/v1/sources", bob_headers)["sources"]
    assert [2] == [s["number_of_unread"] for s in whole]
    assert [] == _get(journalist_client, "/api/v1/sources?unread=false", alice_headers)["sources"]
    # The change reaches a syncing client: the submission and its source are listed again.
    changed = _get(journalist_client, f"/api/v1/submissions?since={cursor}", bob_headers)["submissions"]
    assert [first] == [s["uuid"] for s in changed]

    # Downloading again writes nothing: no fresh stamp, no second row.
    later = _get(journalist_client, "/api/v1/submissions", alice_headers)["cursor"]
    assert 200 == journalist_client.get(f"{base}/submissions/{first}/download", headers=alice_headers).status_code
    assert [] == _get(journalist_client, f"/api/v1/submissions?since={later}", alice_headers)["submissions"]
    assert 1 == _seen_rows(services)

    # Both read both: seen_by lists both uuids; the untouched second item only Bob.
    for headers in (alice_headers, bob_headers):
        journalist_client.get(f"{base}/submissions/{second}/download", headers=headers)
    journalist_client.get(f"{base}/submissions/{first}/download", headers=bob_headers)
    record = _get(journalist_client, f"{base}/submissions/{first}", alice_headers)
    assert sorted([alice.uuid, bob.uuid]) == sorted(record["seen_by"])
    assert (0, 0) == (
        _unread(journalist_client, alice_headers, source.uuid),
        _unread(journalist_client, bob_headers, source.uuid),
    )


def test_seen_and_unseen_and_reply_downloads(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "one")
    (message,) = source.batches[0].submission_uuids
    alice, alice_headers = logged_in(journalist_client, services, "alice")
    bob, bob_headers = logged_in(journalist_client, services, "bob")
    base = f"/api/v1/sources/{source.uuid}"
    reply = journalist_client.post(f"{base}/replies", json={"message": "Thank you."}, headers=bob_headers)
    reply_uuid = reply.get_json()["uuid"]

    def unread(headers: dict[str, str]) -> int:
        return _unread(journalist_client, headers, source.uuid)

    assert [] == _get(journalist_client, f"{base}/replies/{reply_uuid}", bob_headers)["seen_by"]

    assert 200 == journalist_client.get(f"{base}/replies/{reply_uuid}/download", headers=alice_headers).status_code
    assert [alice.uuid] == _get(journalist_client, f"{base}/replies/{reply_uuid}", bob_headers)["seen_by"]

    seen = journalist_client.post(
        "/api/v1/seen", json={"messages": [message], "replies": [reply_uuid]}, headers=bob_headers
    )
    assert 200 == seen.status_code
    assert [bob.uuid] == _get(journalist_client, f"{base}/submissions/{message}", alice_headers)["seen_by"]
    assert sorted([alice.uuid, bob.uuid]) == sorted(
        _get(journalist_client, "/api/v1/replies", bob_headers)["replies"][0]["seen_by"]
    )
    assert (1, 0) == (
        _unread(journalist_client, alice_headers, source.uuid),
        _unread(journalist_client, bob_headers, source.uuid),
    )

    # Unseen for Bob: unread for him again, and read by nobody (is_read false).
    assert (
        200 == journalist_client.post("/api/v1/unseen", json={"messages": [message]}, headers=bob_headers).status_code
    )
    record = _get(journalist_client, f"{base}/submissions/{message}", alice_headers)
    assert ([], False) == (record["seen_by"], record["is_read"])
    assert 1 == _unread(journalist_client, bob_headers, source.uuid)


def test_seen_rows_hold_no_time_and_go_with_their_item(journalist_client: FlaskClient, services: Services) -> None:
    for table in (SeenSubmission.__table__, SeenReply.__table__):
        assert {"journalist_id"} < {c.name for c in table.columns}
        assert 2 == len(table.columns)  # the pair only: no date, no time, no counter
    source = make_source(services, "one", "two")
    other = make_source(services, "three")
    _alice, headers = logged_in(journalist_client, services, "alice")
    base = f"/api/v1/sources/{source.uuid}"
    reply_uuid = journalist_client.post(f"{base}/replies", json={"message": "Hello"}, headers=headers).get_json()[
        "uuid"
    ]
    messages = [u for batch in source.batches for u in batch.submission_uuids]
    (kept,) = other.batches[0].submission_uuids
    body = {"messages": [*messages, kept], "replies": [reply_uuid]}
    assert 200 == journalist_client.post("/api/v1/seen", json=body, headers=headers).status_code
    assert 4 == _seen_rows(services)

    assert 200 == journalist_client.delete(f"{base}/submissions/{messages[0]}", headers=headers).status_code
    assert 3 == _seen_rows(services)
    assert 200 == journalist_client.delete(f"{base}/replies/{reply_uuid}", headers=headers).status_code
    assert 2 == _seen_rows(services)
    assert 200 == journalist_client.delete(base, headers=headers).status_code
    assert 1 == _seen_rows(services)  # only the other source's


def _row_of(page: str, designation: str) -> str:
    found = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(designation) + r"(?:(?!</tr>).)*</tr>", page, re.S)
    assert found is not None, page
    return found.group(0)


def test_web_unread_counts_fall_for_the_journalist_who_reads(journalist_app: Flask, services: Services) -> None:
    source = make_source(services, "one", "two")
    first = source.batches[0].submission_uuids[0]
    designation = services.newsroom.source(source.uuid).designation
    alice, bob = make_journalist(services, "alice"), make_journalist(services, "bob")
    alice_web, bob_web = journalist_app.test_client(), journalist_app.test_client()
    for client, journalist in ((alice_web, alice), (bob_web, bob)):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        assert 302 == web_login(client, journalist)
        assert "<td>2 / 2</td>" in _row_of(client.get("/").get_data(as_text=True), designation)

    download = alice_web.get(f"/sources/{source.uuid}/submissions/{first}/download")
    assert 200 == download.status_code
    download.get_data()

    assert "<td>1 / 2</td>" in _row_of(alice_web.get("/").get_data(as_text=True), designation)
    assert "<td>2 / 2</td>" in _row_of(bob_web.get("/").get_data(as_text=True), designation)
    assert "1 unread of 2" in alice_web.get(f"/sources/{source.uuid}").get_data(as_text=True)
    # The API says the same, per journalist.
    headers = token_for(journalist_app.test_client(), bob, step_offset=1)  # the web login used this code
    record = _get(journalist_app.test_client(), f"/api/v1/sources/{source.uuid}/submissions/{first}", headers)
    assert [alice.uuid] == record["seen_by"]

    # Bob marks both read on the web page; the whole-source ZIP marks everything for Alice.
    page = bob_web.get(f"/sources/{source.uuid}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    all_uuids = [u for batch in source.batches for u in batch.submission_uuids]
    form = {"csrf_token": token.group(1), "submission": all_uuids, "action": "read"}
    assert 302 == bob_web.post(f"/sources/{source.uuid}/read", data=form).status_code
    assert "<td>0 / 2</td>" in _row_of(bob_web.get("/").get_data(as_text=True), designation)
    alice_web.get(f"/sources/{source.uuid}/download").get_data()
    assert "<td>0 / 2</td>" in _row_of(alice_web.get("/").get_data(as_text=True), designation)

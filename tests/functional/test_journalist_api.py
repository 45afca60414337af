"""API v1 over HTTP: sources, case fields, replies, read flags, deletion, downloads."""

from __future__ import annotations

import io
import zipfile

from flask.testing import FlaskClient
from sqlalchemy import text

from tests.factories.api import logged_in
from tests.factories.sources import make_source
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import unpad
from tipline.services import Services


def test_sources_are_paginated_with_links(journalist_client: FlaskClient, services: Services) -> None:
    """GET /sources keeps SecureDrop's shape and adds page, total and links."""
    for n in range(3):
        make_source(services, f"message {n}")
    _, headers = logged_in(journalist_client, services)

    first = journalist_client.get("/api/v1/sources?per_page=2", headers=headers).get_json()
    second = journalist_client.get(first["links"]["next"], headers=headers).get_json()

    assert (2, 3, 2) == (len(first["sources"]), first["total"], first["pages"])
    assert 1 == len(second["sources"])
    assert second["links"]["next"] is None
    all_uuids = {s["uuid"] for s in first["sources"] + second["sources"]}
    assert 3 == len(all_uuids)
    assert {"uuid", "journalist_designation", "key", "number_of_unread", "is_starred", "status"} <= set(
        first["sources"][0]
    )


def test_invalid_list_parameters_are_json_400(journalist_client: FlaskClient, services: Services) -> None:
    _, headers = logged_in(journalist_client, services)
    for query in ("per_page=0", "page=x", "sort=nope", "starred=maybe"):
        response = journalist_client.get(f"/api/v1/sources?{query}", headers=headers)
        assert 400 == response.status_code, query
        assert "message" in response.get_json()


def test_case_fields_filter_the_list(journalist_client: FlaskClient, services: Services) -> None:
    """Status, labels, assignee and star are set by PATCH and filter GET /sources."""
    one, two = make_source(services, "a"), make_source(services, "b")
    colleague, headers = logged_in(journalist_client, services)
    patch = {"status": "verified", "labels": ["mining", "sanctions"], "assignee_uuid": colleague.uuid}
    response = journalist_client.patch(f"/api/v1/sources/{one.uuid}", json=patch, headers=headers)
    assert 200 == response.status_code, response.get_data(as_text=True)
    assert 201 == journalist_client.post(f"/api/v1/sources/{two.uuid}/add_star", headers=headers).status_code

    def listed(query: str) -> list[str]:
        return [s["uuid"] for s in journalist_client.get(f"/api/v1/sources?{query}", headers=headers).json["sources"]]

    assert [one.uuid] == listed("status=verified")
    assert [two.uuid] == listed("status=new")
    assert [one.uuid] == listed("label=mining")
    assert [one.uuid] == listed(f"assignee={colleague.uuid}")
    assert [two.uuid] == listed("assignee=none")
    assert [two.uuid] == listed("starred=true")
    detail = journalist_client.get(f"/api/v1/sources/{one.uuid}", headers=headers).get_json()
    assert ["mining", "sanctions"] == detail["labels"]
    assert {"uuid": colleague.uuid, "username": "reporter"} == detail["assigned_to"]
    journalist_client.delete(f"/api/v1/sources/{two.uuid}/remove_star", headers=headers)
    assert [] == listed("starred=true")


def test_unknown_status_is_refused(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "a")
    _, headers = logged_in(journalist_client, services)
    response = journalist_client.patch(f"/api/v1/sources/{source.uuid}", json={"status": "leaked"}, headers=headers)
    assert 400 == response.status_code
    assert "status must be one of" in response.get_json()["message"]


def test_note_is_stored_encrypted_to_the_newsroom(
    journalist_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    source = make_source(services, "a")
    _, headers = logged_in(journalist_client, services)
    note = "Met her brother in Dandong; checks out."

    detail = journalist_client.patch(f"/api/v1/sources/{source.uuid}", json={"note": note}, headers=headers).get_json()

    assert detail["has_note"] is True
    assert note.encode() == unpad(decrypt_bytes(detail["note"].encode(), [newsroom_identity]))
    with services.engine.connect() as connection:
        stored = connection.execute(text("SELECT note_ciphertext FROM cases")).scalar_one()
    assert "Dandong" not in stored


def test_server_encrypted_reply_reaches_source_and_newsroom(
    journalist_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    source = make_source(services, "hello")
    _, headers = logged_in(journalist_client, services)

    response = journalist_client.post(
        f"/api/v1/sources/{source.uuid}/replies", json={"message": "Thank you. Are you safe?"}, headers=headers
    )

    assert 201 == response.status_code
    replies = journalist_client.get(f"/api/v1/sources/{source.uuid}/replies", headers=headers).get_json()["replies"]
    assert [response.get_json()["uuid"]] == [r["uuid"] for r in replies]
    ciphertext = journalist_client.get(replies[0]["download_url"], headers=headers).data
    assert b"Thank you. Are you safe?" == unpad(decrypt_bytes(ciphertext, [newsroom_identity]))
    seen_by_source = services.submissions.replies_for_source(source.login.source_id, source.login.identity)
    assert ["Thank you. Are you safe?"] == [r.text for r in seen_by_source]


def test_seen_and_unseen_change_unread_counts(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "one", "two")
    _, headers = logged_in(journalist_client, services)
    submissions = journalist_client.get(f"/api/v1/sources/{source.uuid}/submissions", headers=headers).json
    uuids = [s["uuid"] for s in submissions["submissions"]]

    journalist_client.post("/api/v1/seen", json={"messages": uuids, "files": [], "replies": []}, headers=headers)
    after_seen = journalist_client.get(f"/api/v1/sources/{source.uuid}", headers=headers).get_json()
    journalist_client.post("/api/v1/unseen", json={"messages": uuids[:1]}, headers=headers)
    after_unseen = journalist_client.get(f"/api/v1/sources/{source.uuid}", headers=headers).get_json()

    assert 0 == after_seen["number_of_unread"]
    assert 1 == after_unseen["number_of_unread"]
    unread_only = journalist_client.get("/api/v1/sources?unread=true", headers=headers).get_json()["sources"]
    assert [source.uuid] == [s["uuid"] for s in unread_only]


def test_download_all_is_a_zip_of_ciphertexts(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "one", "two")
    _, headers = logged_in(journalist_client, services)
    listing = journalist_client.get(f"/api/v1/sources/{source.uuid}/submissions", headers=headers).json["submissions"]

    response = journalist_client.get(f"/api/v1/sources/{source.uuid}/download", headers=headers)

    assert 200 == response.status_code
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    by_name = {name.rsplit("/", 1)[-1]: archive.read(name) for name in archive.namelist()}
    for item in listing:
        assert journalist_client.get(item["download_url"], headers=headers).data == by_name[f"{item['uuid']}.age"]
    assert 4 == len(archive.namelist())  # two submissions, two manifests


def test_deleting_a_submission_removes_its_blob(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "one", "two")
    _, headers = logged_in(journalist_client, services)
    listing = journalist_client.get(f"/api/v1/sources/{source.uuid}/submissions", headers=headers).json["submissions"]
    blobs_before = set(services.store.keys())

    response = journalist_client.delete(listing[0]["url"], headers=headers)

    assert 200 == response.status_code
    assert 404 == journalist_client.get(listing[0]["url"], headers=headers).status_code
    # The submission's blob and its batch's manifest are gone; the other batch stays.
    assert 2 == len(blobs_before - set(services.store.keys()))


def test_deleting_a_source_removes_everything(journalist_client: FlaskClient, services: Services) -> None:
    doomed, kept = make_source(services, "one", "two"), make_source(services, "three")
    _, headers = logged_in(journalist_client, services)
    journalist_client.post(f"/api/v1/sources/{doomed.uuid}/replies", json={"message": "hi"}, headers=headers)
    journalist_client.patch(f"/api/v1/sources/{doomed.uuid}", json={"note": "x", "labels": ["l"]}, headers=headers)

    response = journalist_client.delete(f"/api/v1/sources/{doomed.uuid}", headers=headers)

    assert 200 == response.status_code
    assert 404 == journalist_client.get(f"/api/v1/sources/{doomed.uuid}", headers=headers).status_code
    assert 2 == len(list(services.store.keys()))  # only the kept source's message and manifest
    with services.engine.connect() as connection:
        for table in ("submissions", "batches", "replies", "cases", "source_labels"):
            rows = connection.execute(
                text(f"SELECT count(*) FROM {table} WHERE source_id != :kept"), {"kept": kept.login.source_id}
            )
            assert 0 == rows.scalar_one(), table


def test_api_errors_are_json(journalist_client: FlaskClient, services: Services) -> None:
    _, headers = logged_in(journalist_client, services)
    cases = [
        ("get", "/api/v1/no-such-thing", 404),
        ("put", "/api/v1/sources", 405),
        ("get", "/api/v1/sources/not-a-uuid", 404),
        ("post", "/api/v1/seen", 400),
    ]
    for method, path, status in cases:
        response = getattr(journalist_client, method)(path, headers=headers)
        assert status == response.status_code, path
        assert "application/json" == response.mimetype, path
        assert response.get_json()["message"], path


def test_all_submissions_and_replies_are_paginated(journalist_client: FlaskClient, services: Services) -> None:
    """SecureDrop's GET /submissions and GET /replies, one page at a time."""
    one, two = make_source(services, "a", "b"), make_source(services, "c")
    _, headers = logged_in(journalist_client, services)
    journalist_client.post(f"/api/v1/sources/{two.uuid}/replies", json={"message": "hi"}, headers=headers)

    first = journalist_client.get("/api/v1/submissions?per_page=2", headers=headers).get_json()
    second = journalist_client.get(first["links"]["next"], headers=headers).get_json()
    replies = journalist_client.get("/api/v1/replies", headers=headers).get_json()

    assert (3, 2, 1) == (first["total"], len(first["submissions"]), len(second["submissions"]))
    assert [one.uuid, one.uuid, two.uuid] == [
        s["source_url"].rsplit("/", 1)[-1] for s in first["submissions"] + second["submissions"]
    ]
    assert [two.uuid] == [r["source_url"].rsplit("/", 1)[-1] for r in replies["replies"]]

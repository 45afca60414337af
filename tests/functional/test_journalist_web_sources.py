"""The source list and a source's page: deletion confirmed on a second page, sources that sent
nothing hidden, same-day activity in exact order, sizes in human units, kinds named, dated notes."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories.api import token_for
from tests.factories.forms import csrf_token
from tests.factories.journalists import make_journalist
from tests.factories.sources import designation_of, make_source
from tests.functional.test_journalist_web import web_login
from tipline.audit.models import AuditEntry
from tipline.crypto.age import decrypt_bytes
from tipline.newsroom.listing import SourceQuery
from tipline.services import Services
from tipline.sources.models import Source


def test_deleting_a_submission_asks_first_on_a_second_page(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "keep", "delete me")
    web_login(journalist_client, make_journalist(services))
    url = f"/sources/{source.uuid}"
    doomed = services.newsroom.submissions_of(source.uuid)[1]
    page = journalist_client.get(url).get_data(as_text=True)
    # The source page links to the confirmation: one click, no form, no JavaScript.
    assert f'href="{url}/submissions/{doomed.uuid}/delete"' in page

    confirm = journalist_client.get(f"{url}/submissions/{doomed.uuid}/delete")
    assert 200 == confirm.status_code
    confirm_page = confirm.get_data(as_text=True)
    assert "Delete this submission for good?" in confirm_page
    assert 'name="confirm" value="yes"' in confirm_page
    assert "<script" not in confirm_page
    assert 2 == len(services.newsroom.submissions_of(source.uuid))  # a GET deletes nothing

    # A POST without the confirmation page's "yes" (a stale form, a forged click) only asks again.
    token = csrf_token(confirm_page)
    unconfirmed = journalist_client.post(f"{url}/submissions/{doomed.uuid}/delete", data={"csrf_token": token})
    assert 302 == unconfirmed.status_code
    assert unconfirmed.headers["Location"].endswith(f"{url}/submissions/{doomed.uuid}/delete")
    assert 2 == len(services.newsroom.submissions_of(source.uuid))

    done = journalist_client.post(
        f"{url}/submissions/{doomed.uuid}/delete", data={"csrf_token": token, "confirm": "yes"}
    )
    assert 302 == done.status_code
    assert [s.uuid for s in services.newsroom.submissions_of(source.uuid)] != [doomed.uuid]
    assert 1 == len(services.newsroom.submissions_of(source.uuid))
    with services.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "delete_submission")).one()
    assert (entry.actor, entry.detail) == ("reporter", doomed.uuid)
    # Another source's submission cannot be reached through this source's address.
    other = make_source(services, "other")
    theirs = services.newsroom.submissions_of(other.uuid)[0]
    assert 404 == journalist_client.get(f"{url}/submissions/{theirs.uuid}/delete").status_code


def test_sources_that_sent_nothing_are_hidden_unless_asked_for(
    journalist_client: FlaskClient, services: Services
) -> None:
    sent = make_source(services, "hello")
    silent = make_source(services)
    web_login(journalist_client, make_journalist(services))

    listed = journalist_client.get("/").get_data(as_text=True)
    assert designation_of(services, sent) in listed
    assert designation_of(services, silent) not in listed

    everything = journalist_client.get("/?empty=show").get_data(as_text=True)
    assert designation_of(services, silent) in everything
    assert 'name="empty" value="show" checked' in everything
    # The API lists every source, as it always did.
    headers = token_for(journalist_client, make_journalist(services, "apiuser"))
    listed_api = journalist_client.get("/api/v1/sources", headers=headers).get_json()["sources"]
    assert {sent.uuid, silent.uuid} == {s["uuid"] for s in listed_api}


def test_same_day_activity_is_in_exact_order_without_a_time(journalist_client: FlaskClient, services: Services) -> None:
    first, second, third = (make_source(services, "one") for _ in range(3))
    services.submissions.submit(first.login.source_id, "again", [])  # the first is now the latest

    rows = services.newsroom.sources(SourceQuery()).rows
    assert [first.uuid, third.uuid, second.uuid] == [row.uuid for row in rows]
    ascending = services.newsroom.sources(SourceQuery(descending=False)).rows
    assert [second.uuid, third.uuid, first.uuid] == [row.uuid for row in ascending]
    web_login(journalist_client, make_journalist(services))
    page = journalist_client.get("/").get_data(as_text=True)
    shown = [page.index(designation_of(services, s)) for s in (first, third, second)]
    assert sorted(shown) == shown
    # What orders them is a counter from the change clock, and the day: no time is stored.
    with services.sessions() as session:
        stamps = dict(session.execute(select(Source.uuid, Source.activity_seq)).all())
    assert stamps[first.uuid] > stamps[third.uuid] > stamps[second.uuid]
    assert all(isinstance(value, int) for value in stamps.values())


def test_sizes_are_in_human_units_and_kinds_are_named(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "short", "x" * 5000)
    web_login(journalist_client, make_journalist(services))
    page = journalist_client.get(f"/sources/{source.uuid}").get_data(as_text=True)
    cells = re.findall(r"<td>([^<]*(?:B|KiB|MiB))</td>", page)
    # Stored sizes are padded (docs/padding-design.md): a message of any length is 32 KiB.
    assert cells
    assert all(cell == "32 KiB" for cell in cells), cells
    assert "<td>message</td>" in page

    journalist_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ko"
    korean = journalist_client.get(f"/sources/{source.uuid}").get_data(as_text=True)
    assert re.search(r"<td>32 KiB</td>", korean)
    assert "<td>글</td>" in korean


def test_human_size_rounds_and_localises(journalist_client: FlaskClient) -> None:
    from tipline.web.journalist.names import human_size

    app = journalist_client.application
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert ["0 B", "1,023 B", "1.0 KiB", "1.5 KiB", "10 KiB", "1.0 MiB", "2.0 GiB", "1,024 TiB"] == [
            human_size(n) for n in (0, 1023, 1024, 1536, 10 * 1024, 1024**2, 2 * 1024**3, 1024**5)
        ]
    with app.test_request_context(headers={"Accept-Language": "ko"}):
        assert "1,023바이트" == human_size(1023)
        assert "1.5 KiB" == human_size(1536)


def test_notes_are_dated_entries_per_journalist_never_overwritten(
    journalist_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    source = make_source(services, "hello")
    url = f"/sources/{source.uuid}"
    web_login(journalist_client, make_journalist(services, "kim"))
    token = csrf_token(journalist_client.get(url).get_data(as_text=True))
    journalist_client.post(f"{url}/note", data={"csrf_token": token, "note": "first: check the ledger"})
    journalist_client.post(f"{url}/note", data={"csrf_token": token, "note": "second: call back"})
    journalist_client.post(f"{url}/note", data={"csrf_token": token, "note": ""})  # refused, nothing lost

    lee = make_journalist(services, "lee")
    headers = token_for(journalist_client, lee)
    added = journalist_client.post(
        f"/api/v1/sources/{source.uuid}/notes", json={"note": "이 사람 믿을 만함"}, headers=headers
    )
    assert 201 == added.status_code

    notes = journalist_client.get(f"/api/v1/sources/{source.uuid}/notes", headers=headers).get_json()["notes"]
    assert ["kim", "kim", "lee"] == [n["journalist_username"] for n in notes]
    texts = [decrypt_bytes(n["note"].encode(), [newsroom_identity]).decode() for n in notes]
    assert ["first: check the ledger", "second: call back", "이 사람 믿을 만함"] == texts
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", n["created_on"]) for n in notes)  # the day, no time
    assert added.get_json() == notes[2]

    page = journalist_client.get(url).get_data(as_text=True)
    assert 3 == page.count("(encrypted: read it in the desk)")
    assert "check the ledger" not in page
    assert "by kim" in page
    assert "by lee" in page
    # The API's single note (PATCH) is kept for its clients, and adds an entry too.
    journalist_client.patch(f"/api/v1/sources/{source.uuid}", json={"note": "from the old field"}, headers=headers)
    assert 4 == len(journalist_client.get(f"/api/v1/sources/{source.uuid}/notes", headers=headers).get_json()["notes"])
    assert services.newsroom.source(source.uuid).has_note

"""The reading room's pages, through Flask's test client on a desk opened for real."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.factories import reading_room as room
from tests.factories.desk import needs_scrubbers
from tipline.crypto.age import decrypt_bytes
from tipline.desk.reading_room.app import CSP, create_app

PORT = 8765
HOST = {"Host": f"127.0.0.1:{PORT}"}
TOKEN = "t0ken-for-this-run"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> room.RoomDesk:
    return room.build(tmp_path_factory.mktemp("reading-room") / "desk")


@pytest.fixture
def client(built: room.RoomDesk) -> FlaskClient:
    return create_app(built.desk, TOKEN, PORT).test_client()


def get(client: FlaskClient, path: str, **headers: str) -> tuple[int, str]:
    with client.get(f"/{TOKEN}{path}", headers=HOST | headers) as response:
        return response.status_code, response.get_data(as_text=True)


def test_the_sources_list_shows_activity_unread_and_not_cleaned_warnings(client: FlaskClient) -> None:
    status, page = get(client, "/?l=en")
    assert 200 == status
    # The most recent activity first
    assert page.index(room.KOREAN) < page.index(room.HOSTILE)
    assert "NOT CLEANED: 1 files" in page
    assert 'class="unread"' in page


def test_a_wrong_token_or_another_host_name_gets_nothing(client: FlaskClient) -> None:
    assert 404 == client.get("/wrong-token/", headers=HOST).status_code
    assert 404 == client.get("/", headers=HOST).status_code
    # A DNS-rebinding page reaches the port under its own name: refused
    assert 421 == client.get(f"/{TOKEN}/", headers={"Host": f"evil.example:{PORT}"}).status_code
    assert 421 == client.get(f"/{TOKEN}/", headers={"Host": "127.0.0.1:1"}).status_code


def test_every_page_carries_a_csp_with_no_script_and_nothing_from_outside(client: FlaskClient) -> None:
    response = client.get(f"/{TOKEN}/", headers=HOST)
    assert CSP == response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in CSP
    assert "script-src" not in CSP
    assert "no-store" == response.headers["Cache-Control"]
    assert "off" == response.headers["X-Offline-Guard"]  # this test process has no guard
    assert "<script" not in response.get_data(as_text=True)


def test_a_korean_conversation_reads_in_time_order_with_a_colleagues_reply(
    client: FlaskClient, built: room.RoomDesk
) -> None:
    status, page = get(client, f"/source/{built.korean_uuid}?l=ko")
    assert 200 == status
    assert room.KOREAN_MESSAGE.splitlines()[0] in page
    assert room.KOREAN_REPLY in page
    assert "park의 회답" in page
    # The first batch, then the colleague's reply (a day later), then the second batch
    assert page.index(room.KOREAN_MESSAGE.splitlines()[0]) < page.index(room.KOREAN_REPLY) < page.index("두 번째 편지")


def test_a_colleagues_note_reads_dated_with_its_author_and_escaped(client: FlaskClient, built: room.RoomDesk) -> None:
    status, page = get(client, f"/source/{built.korean_uuid}?l=ko")
    assert 200 == status
    assert "세관 기록과 대조할 것. &lt;b&gt;항구&lt;/b&gt; 이름 확인." in page
    assert "<b>항구</b>" not in page
    assert "2026-11-21 · park의 메모" in page
    # The same day as the colleague's reply: the reply first, then the note, then the next batch
    assert page.index(room.KOREAN_REPLY) < page.index("세관 기록과") < page.index("두 번째 편지")


def test_hostile_text_and_names_are_shown_as_text(client: FlaskClient, built: room.RoomDesk) -> None:
    status, page = get(client, f"/source/{built.hostile_uuid}?l=en")
    assert 200 == status
    assert "<script>document.title" not in page
    assert "&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page  # the text file's content


def test_a_file_not_cleaned_is_flagged_and_neither_previewed_nor_offered(
    client: FlaskClient, built: room.RoomDesk
) -> None:
    _, page = get(client, f"/source/{built.hostile_uuid}?l=en")
    assert "1 files are NOT CLEANED" in page
    report = next((built.desk.sources / room.HOSTILE).glob("*/report.json"))
    entry = next(
        e for e in json.loads(report.read_text(encoding="utf-8"))["files"] if e["saved_as"] == room.UNCLEANABLE
    )
    assert "NOT CLEANED" == entry["status"]
    for route in ("cleaned", "image", "pages"):
        assert f"/{route}/{entry['submission']}" not in page
        assert 404 == get(client, f"/source/{built.hostile_uuid}/{route}/{entry['submission']}")[0]


@needs_scrubbers
def test_an_image_is_previewed_from_its_cleaned_copy_only(client: FlaskClient, built: room.RoomDesk) -> None:
    _, page = get(client, f"/source/{built.korean_uuid}?l=en")
    assert "Removed: device: Canon; Canon EOS 5D; serial SN-4417-TIPLINE" in page
    report = next(p for p in (built.desk.sources / room.KOREAN).glob("*/report.json") if "photo" in p.read_text())
    entry = next(e for e in json.loads(report.read_text(encoding="utf-8"))["files"] if e["saved_as"] == "photo.jpg")
    with client.get(f"/{TOKEN}/source/{built.korean_uuid}/image/{entry['submission']}", headers=HOST) as response:
        assert 200 == response.status_code
        assert "image/jpeg" == response.mimetype
        assert (report.parent / "photo.cleaned.jpg").read_bytes() == response.get_data()
        assert b"SN-4417-TIPLINE" not in response.get_data()


def test_a_reply_is_encrypted_here_to_the_pinned_keys_and_queued(client: FlaskClient, built: room.RoomDesk) -> None:
    text = "고맙습니다. 다음 주에 다시 쓰겠습니다."
    response = client.post(
        f"/{TOKEN}/source/{built.korean_uuid}/reply",
        data={"message": text},
        headers=HOST | {"Origin": f"http://127.0.0.1:{PORT}"},
    )
    assert 302 == response.status_code
    (queued,) = (built.desk.root / "outbox").glob("*.json")
    item = json.loads(queued.read_text(encoding="utf-8"))
    assert built.korean_uuid == item["source"]
    assert text not in queued.read_text(encoding="utf-8")
    # The newsroom identity reads it: encrypted to the newsroom (and the source's pinned key)
    assert text == decrypt_bytes(item["armored"].encode("ascii"), [built.identity]).decode("utf-8")
    _, page = get(client, f"/source/{built.korean_uuid}?l=en")
    assert text in page
    assert "queued" in page
    queued.unlink()


def test_a_form_from_another_origin_is_refused(client: FlaskClient, built: room.RoomDesk) -> None:
    response = client.post(
        f"/{TOKEN}/source/{built.korean_uuid}/reply",
        data={"message": "from a web page"},
        headers=HOST | {"Origin": "https://evil.example"},
    )
    assert 403 == response.status_code
    assert not list((built.desk.root / "outbox").glob("*.json"))


def test_unread_falls_once_the_conversation_was_shown(built: room.RoomDesk) -> None:
    client = create_app(built.desk, TOKEN, PORT).test_client()
    get(client, f"/source/{built.hostile_uuid}")
    _, page = get(client, "/?l=en")
    row = page[page.index(room.HOSTILE) :].split("</tr>")[0]
    assert "<td>0</td>" in row


def ledger(built: room.RoomDesk) -> tuple[Path, dict[str, object]]:
    for report in (built.desk.sources / room.KOREAN).glob("*/report.json"):
        for entry in json.loads(report.read_text(encoding="utf-8"))["files"]:
            if entry["saved_as"] == room.LEDGER:
                return report.parent, entry
    raise AssertionError("no ledger on the desk")


@needs_scrubbers
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_a_pdf_is_shown_as_page_images_rendered_in_the_sandbox(client: FlaskClient, built: room.RoomDesk) -> None:
    _, entry = ledger(built)
    assert "cleaned" == entry["status"]
    _, conversation = get(client, f"/source/{built.korean_uuid}?l=en")
    assert f"/pages/{entry['submission']}" in conversation
    status, pages = get(client, f"/source/{built.korean_uuid}/pages/{entry['submission']}?l=en")
    assert 200 == status
    assert f"/pages/{entry['submission']}/1.png" in pages
    with client.get(f"/{TOKEN}/source/{built.korean_uuid}/pages/{entry['submission']}/1.png", headers=HOST) as image:
        assert 200 == image.status_code
        assert "image/png" == image.mimetype
        assert image.get_data().startswith(b"\x89PNG")
    # Never the PDF itself for the browser's viewer: the cleaned copy only as a download
    with client.get(f"/{TOKEN}/source/{built.korean_uuid}/cleaned/{entry['submission']}", headers=HOST) as download:
        assert "application/octet-stream" == download.mimetype
        assert download.headers["Content-Disposition"].startswith("attachment")


@needs_scrubbers
def test_a_missing_renderer_is_named(built: room.RoomDesk, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tipline.desk.conversation import conversation
    from tipline.desk.reading_room import previews

    talk = conversation(built.desk, built.desk.find_source(built.korean_uuid))
    item = next(f for b in talk.batches for f in b.files if f.saved_as == room.LEDGER)
    shutil.rmtree(built.desk.root / previews.PREVIEWS, ignore_errors=True)
    monkeypatch.setenv("PATH", str(tmp_path))  # a workstation without poppler-utils
    rendered = previews.render_pages(built.desk, item)
    assert [] == rendered.pages
    assert "pdftoppm is not installed" in str(rendered.problem)
    assert "desk doctor" in str(rendered.problem)

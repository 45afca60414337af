"""The journalists' notes on the desk against a server that lies (T9): a malformed list of notes
is refused whole and writes nothing; a server with no notes only warns; honest notes open offline."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories.fake_api import FakeApi, serving
from tipline.cli.desk import _fetch_conversation
from tipline.crypto.age import encrypt_bytes, generate_identity
from tipline.crypto.padding import pad_small
from tipline.desk.client import ApiClient
from tipline.desk.errors import UntrustedValue
from tipline.desk.kept import KeptSource, checked_source, source_file
from tipline.desk.notes_store import fetch_notes, notes_on_desk, open_notes
from tipline.desk.store import DeskFolder, write_json

NEWSROOM_IDENTITY, NEWSROOM = generate_identity()
SOURCE_KEY = generate_identity()[1]
NOTE_UUID = "0f8a4c2e-5b1d-4e6f-9a7b-3c2d1e0f9a8b"


def armored(text: str) -> str:
    return encrypt_bytes(text.encode("utf-8"), [NEWSROOM], armored=True).decode("ascii")


def note(**changed: Any) -> dict[str, Any]:
    honest = {
        "uuid": NOTE_UUID,
        "created_on": "2026-12-01",
        "journalist_uuid": None,
        "journalist_username": "park",
        "note": armored("harbour office: no answer"),
    }
    return honest | changed


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with serving(FakeApi(newsroom_recipient=NEWSROOM)) as served:
        yield served


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DeskFolder:
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # DeskFolder.at points TMPDIR into itself
    monkeypatch.setattr(tempfile, "tempdir", None)
    return DeskFolder.at(tmp_path / "desk")


def on_desk(api: FakeApi, desk: DeskFolder) -> KeptSource:
    source = checked_source(api.add_source("quiet-heron", SOURCE_KEY).listing())
    folder = desk.source_inbox(source.uuid)
    folder.mkdir(mode=0o700)
    write_json(folder / "source.json", source_file(source))
    return source


def client(api: FakeApi) -> ApiClient:
    answer = ApiClient(api.url)
    answer.token = "fake-token-0123456789abcdef"
    return answer


@pytest.mark.parametrize(
    "hostile",
    [
        {"notes": "all of them"},
        {"notes": {"uuid": NOTE_UUID}},
        {"notes": None},
        [],
        {"notes": ["not an object"]},
        {"notes": [note(uuid="../../../.bashrc")]},
        {"notes": [note(uuid=f"{NOTE_UUID}/../../x")]},
        {"notes": [note(created_on="../../2026-12-01")]},
        {"notes": [note(journalist_username="x" * 101)]},
        {"notes": [note(journalist_username=7)]},
        {"notes": [note(note="-----BEGIN AGE ENCRYPTED FILE-----\nnot age\n-----END AGE ENCRYPTED FILE-----")]},
        {"notes": [note(note="<script>alert(1)</script>")]},
        {"notes": [note(note=None)]},
        # One honest note then a malformed one: the whole list is refused, the honest one too
        {"notes": [note(), note(uuid="1f8a4c2e-5b1d-4e6f-9a7b-3c2d1e0f9a8b", created_on="2026-02-30")]},
    ],
)
def test_a_malformed_list_of_notes_is_refused_and_writes_nothing(
    api: FakeApi, desk: DeskFolder, tmp_path: Path, hostile: Any
) -> None:
    source = on_desk(api, desk)
    api.notes[source.uuid] = hostile
    before = set(tmp_path.rglob("*"))

    with pytest.raises(UntrustedValue):
        fetch_notes(client(api), desk, source)

    assert set() == set(tmp_path.rglob("*")) - before
    assert [] == notes_on_desk(desk, source)


def test_a_server_that_lists_no_notes_only_warns(
    api: FakeApi, desk: DeskFolder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    on_desk(api, desk)  # no notes route for it: an older server's 404
    before = set(tmp_path.rglob("*"))

    _fetch_conversation(client(api), desk)  # does not raise

    assert "WARNING: NOTES NOT FETCHED for quiet-heron" in capsys.readouterr().err
    assert set() == set(tmp_path.rglob("*")) - before


def test_honest_notes_are_kept_as_ciphertext_and_open_offline_padded_or_not(api: FakeApi, desk: DeskFolder) -> None:
    source = on_desk(api, desk)
    padded = encrypt_bytes(pad_small(b"second <b>note</b>"), [NEWSROOM], armored=True).decode("ascii")
    later = note(uuid="1f8a4c2e-5b1d-4e6f-9a7b-3c2d1e0f9a8b", created_on="2026-12-03", note=padded)
    gone = note(uuid="2f8a4c2e-5b1d-4e6f-9a7b-3c2d1e0f9a8b", journalist_username=None, note=armored("from a leaver"))
    api.notes[source.uuid] = {"notes": [later, note(), gone]}

    assert 3 == fetch_notes(client(api), desk, source)
    assert 0 == fetch_notes(client(api), desk, source)  # already here
    assert [None, None, None] == [n.text for n in notes_on_desk(desk, source)]

    opened, failed = open_notes(desk, [generate_identity()[0]])  # not the newsroom's: NOT DECRYPTED
    assert 0 == opened
    assert 3 == len(failed)
    assert f"quiet-heron: note {NOTE_UUID}: " in "".join(failed)
    assert (3, []) == open_notes(desk, [NEWSROOM_IDENTITY])

    shown = [(n.day, n.by, n.text) for n in notes_on_desk(desk, source)]
    assert [
        ("2026-12-01", "park", "harbour office: no answer"),
        ("2026-12-01", "", "from a leaver"),
        ("2026-12-03", "park", "second <b>note</b>"),
    ] == shown

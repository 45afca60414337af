"""The journalists' notes on a source, read on the desk.

The server keeps each note as its own dated entry, encrypted to the newsroom (never
overwritten), so a desk holding the newsroom identity can read every colleague's. Like replies,
fetch (online) keeps the server's list and the ciphertexts; open (offline) decrypts them::

  inbox/<source uuid>/server-notes.json    the notes as the server listed them, checked
  inbox/<source uuid>/notes/<uuid>.age     their ciphertext (armored, as the server sent it)
  sources/<designation>/notes/<uuid>.txt   the text, decrypted
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tipline.crypto.age import looks_armored
from tipline.desk.client import ApiClient
from tipline.desk.errors import UntrustedValue
from tipline.desk.fetched_texts import FetchedTexts, checked_authored
from tipline.desk.kept import KeptSource
from tipline.desk.store import DeskFolder, write_json
from tipline.desk.untrusted import checked_api_path, checked_day, checked_uuid

SERVER_NOTES = "server-notes.json"
# A note is at most 64 KiB of text on the server; armored and padded it stays well under this.
MAX_NOTE_CIPHERTEXT_CHARS = 1024 * 1024
MAX_NOTES = 10_000


@dataclass(frozen=True)
class NoteText:
    uuid: str
    day: str
    by: str  # "" when the journalist's account is gone
    text: str | None  # None: fetched, not decrypted yet (run open)


def checked_note(raw: Any) -> dict[str, Any]:
    """A note of the server's list (its metadata; the ciphertext is checked by :func:`_ciphertext`)."""
    return checked_authored(raw, "note") | {"created_on": checked_day(raw.get("created_on"), "note day")}


def _ciphertext(raw: dict[str, Any]) -> bytes:
    """The note's armored age ciphertext; anything else (binary, HTML, a path) refused."""
    value = raw.get("note")
    if not isinstance(value, str) or len(value) > MAX_NOTE_CIPHERTEXT_CHARS or not looks_armored(value):
        raise UntrustedValue("the server sent a note that is not armored age ciphertext")
    return value.encode("ascii")


def notes_path(source: KeptSource) -> str:
    """The source's notes on the API: its own (checked) URL, then /notes."""
    return checked_api_path(f"{source.url}/notes", "notes URL")


def fetch_notes(client: ApiClient, desk: DeskFolder, source: KeptSource) -> int:
    """Keep the notes of one source not yet on this desk; how many are new. Every note is
    checked before anything is written: a malformed list writes nothing."""
    source_uuid = checked_uuid(source.uuid, "source id")
    answer = client.request_json("GET", notes_path(source))
    listed = answer.get("notes") if isinstance(answer, dict) else None
    if not isinstance(listed, list) or len(listed) > MAX_NOTES:
        raise UntrustedValue("the server sent no list of notes")
    notes = [(checked_note(raw), _ciphertext(raw)) for raw in listed]
    folder = desk.inside(desk.source_inbox(source_uuid) / "notes")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    new = 0
    for note, ciphertext in notes:
        target = desk.inside(folder / f"{note['uuid']}.age")
        if target.exists():
            continue  # a note is never changed on the server: the first copy stays
        target.write_bytes(ciphertext)
        target.chmod(0o600)
        new += 1
    write_json(desk.inside(desk.source_inbox(source_uuid) / SERVER_NOTES), [note for note, _ in notes])
    return new


NOTES = FetchedTexts("note", "notes", SERVER_NOTES, checked_note, MAX_NOTE_CIPHERTEXT_CHARS)


def open_notes(desk: DeskFolder, identities: list[str]) -> tuple[int, list[str]]:
    """Offline: decrypt every fetched note not yet decrypted; (opened, failures)."""
    return NOTES.open(desk, identities)


def notes_on_desk(desk: DeskFolder, source: KeptSource) -> list[NoteText]:
    """Every note this desk fetched, oldest first (the server's order within a day)."""
    source_uuid = checked_uuid(source.uuid, "source id")
    found = []
    for note in NOTES.kept(desk, source_uuid):
        text = NOTES.read_text(desk, source, note["uuid"])
        found.append(NoteText(note["uuid"], note["created_on"], note["by"], text))
    return sorted(found, key=lambda n: n.day)

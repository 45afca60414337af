"""The desk against a live instance: a source sends identifying files; the journalist fetches,
opens and cleans them with two commands, and answers. Real server, mat2, exiftool, age."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import docx
import pytest

from tests.factories import evidence
from tests.factories.desk import Desk, exiftool_tags, needs_scrubbers
from tests.factories.live import LiveInstance
from tests.factories.live_source import LiveSource
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import SMALL_FLOOR, unpad
from tipline.desk.opener import read_identities

pytestmark = [pytest.mark.slow, needs_scrubbers]

MESSAGE = "The trading company ships fuel on Tuesdays."
REPLY = "Thank you. Can you tell us which port?"
FORBIDDEN = ("GPS", "Serial", "Author", "Artist", "Creator", "LastModifiedBy", "Software", "Producer")


def identifying_tags(tags: dict[str, object]) -> list[str]:
    return sorted(k for k in tags if any(word.lower() in k.split(":")[-1].lower() for word in FORBIDDEN))


def plaintext_outside(root: Path, desk_dir: Path, needles: list[bytes]) -> list[str]:
    """Files under root but outside the desk folder that contain any plaintext needle."""
    found = []
    for path in root.rglob("*"):
        if path.is_file() and desk_dir not in path.parents:
            data = path.read_bytes()
            found += [f"{path}: {needle!r}" for needle in needles if needle in data]
    return found


@pytest.fixture
def submitted(live_instance: LiveInstance) -> tuple[LiveSource, dict[str, bytes]]:
    files = {
        "holiday photo.jpg": evidence.jpeg_with_gps_and_serial(),
        "ledger.pdf": evidence.pdf_with_author(),
        "memo.docx": evidence.docx_with_author(),
    }
    source = LiveSource(live_instance.source_url)
    source.create_account()
    content_types = {"jpg": "image/jpeg", "pdf": "application/pdf", "docx": "application/octet-stream"}
    upload = [(name, data, content_types[name.rsplit(".", 1)[1]]) for name, data in files.items()]
    assert 302 == source.submit(MESSAGE, upload)
    return source, files


def test_two_commands_turn_submissions_into_clean_files_and_the_reply_reaches_the_source(
    live_instance: LiveInstance, submitted: tuple[LiveSource, dict[str, bytes]], tmp_path: Path
) -> None:
    source, files = submitted
    credentials = live_instance.add_journalist("reporter")
    desk = Desk(tmp_path / "workstation")
    desk.login(live_instance, credentials, "reporter")
    assert 0o700 == desk.dir.stat().st_mode & 0o777
    assert "reporter" == json.loads((desk.dir / "desk.json").read_text())["username"]

    # When: the online half, then the offline half.
    fetched = desk.run("fetch")
    assert "downloaded 5 files" in fetched.stdout  # message, three files, one manifest
    assert "fetched" in fetched.stderr  # the progress bar's last state
    assert not list(desk.dir.rglob("*.part"))
    identity = live_instance.data_dir / "newsroom-identity.txt"
    desk.run("open", "--identity", str(identity))

    # Then: one folder per batch, with the original names, a cleaned copy beside each file.
    (designation_folder,) = (desk.dir / "sources").iterdir()
    (batch,) = (p for p in designation_folder.iterdir() if p.is_dir())
    expected_names = {
        "message.txt", "holiday photo.jpg", "holiday photo.cleaned.jpg", "ledger.pdf", "ledger.cleaned.pdf",
        "memo.docx", "memo.cleaned.docx", "report.json", "REPORT.txt",
    }  # fmt: skip
    assert expected_names == {p.name for p in batch.iterdir()}
    assert MESSAGE == (batch / "message.txt").read_text(encoding="utf-8")
    for name, data in files.items():
        assert hashlib.sha256(data).hexdigest() == hashlib.sha256((batch / name).read_bytes()).hexdigest()

    # The originals carried identifying tags; exiftool finds none in the cleaned copies.
    assert identifying_tags(exiftool_tags(batch / "holiday photo.jpg"))
    for cleaned in ("holiday photo.cleaned.jpg", "ledger.cleaned.pdf", "memo.cleaned.docx"):
        assert [] == identifying_tags(exiftool_tags(batch / cleaned)), cleaned
    assert evidence.JPEG_SERIAL.encode() not in (batch / "holiday photo.cleaned.jpg").read_bytes()
    # The PDF keeps its text (not rasterised); the DOCX still opens and reads.
    assert evidence.PDF_TEXT == evidence.pdf_text((batch / "ledger.cleaned.pdf").read_bytes())
    cleaned_docx = docx.Document(io.BytesIO((batch / "memo.cleaned.docx").read_bytes()))
    assert [evidence.DOCX_TEXT] == [p.text for p in cleaned_docx.paragraphs]
    assert "" == cleaned_docx.core_properties.author

    # The report says, per file, what was removed.
    (report,) = desk.report(designation_folder)
    by_name = {entry["saved_as"]: entry for entry in report["files"]}
    assert {"cleaned"} == {by_name[n]["status"] for n in files}
    assert any(line.startswith("GPS:GPSLatitude") for line in by_name["holiday photo.jpg"]["removed"])
    assert any(evidence.PDF_AUTHOR in line for line in by_name["ledger.pdf"]["removed"])
    assert any(evidence.DOCX_AUTHOR in line for line in by_name["memo.docx"]["removed"])
    # mat2 leaves this DOCX unreadable for python-docx; the desk detected and repaired it.
    assert any(note.startswith("repaired the DOCX") for note in by_name["memo.docx"]["notes"])

    # list and show print tables; show names the cleaned copies.
    designation = designation_folder.name
    assert designation in desk.run("list").stdout
    shown = desk.run("show", designation).stdout
    assert "holiday photo.cleaned.jpg" in shown
    assert "NOT CLEANED" not in shown

    # The reply is encrypted on the desk and reaches the source.
    replied = desk.run("reply", designation, "--message", REPLY)
    assert "sent to " + designation in replied.stdout
    assert REPLY in source.get("/lookup")
    # Padded inside the encryption like every stored plaintext (docs/padding-design.md).
    blobs = [p for p in (live_instance.data_dir / "store").rglob("*") if p.is_file()]
    (stored_reply,) = (p for p in blobs if p.read_bytes().startswith(b"-----BEGIN"))
    framed = decrypt_bytes(stored_reply.read_bytes(), read_identities(identity))
    assert (SMALL_FLOOR, REPLY.encode()) == (len(framed), unpad(framed))
    reply_uuid = replied.stdout.split()[1]
    assert reply_uuid in desk.run("show", report["source"]).stdout  # SOURCE as uuid works too
    assert REPLY == (designation_folder / "replies" / f"{reply_uuid}.txt").read_text(encoding="utf-8")
    reply_file = desk.dir / "second-reply.txt"  # drafted inside the desk folder
    reply_file.write_text("Second reply: 서울에서 연락 주세요.", encoding="utf-8")
    desk.run("reply", report["source"], "--file", str(reply_file))
    assert "서울에서 연락 주세요." in source.get("/lookup")
    assert 2 == desk.run("reply", designation, "--message", "x", "--file", str(reply_file), check=False).returncode

    # Plaintext stayed under the desk folder: nothing in TMPDIR, nothing elsewhere on the machine
    # we control (the server's data folder holds only ciphertext).
    assert [] == list(desk.outside_tmp.iterdir())
    needles = [MESSAGE.encode(), REPLY.encode(), evidence.JPEG_SERIAL.encode(), evidence.DOCX_AUTHOR.encode()]
    assert [] == plaintext_outside(tmp_path, desk.dir, needles)


def test_fetch_resumes_a_partial_download_and_never_keeps_a_corrupt_one(
    live_instance: LiveInstance, submitted: tuple[LiveSource, dict[str, bytes]], tmp_path: Path
) -> None:
    desk = Desk(tmp_path / "workstation")
    credentials = live_instance.add_journalist("reporter")
    wrong = tmp_path / "wrong-passphrase.txt"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    refused = desk.run(
        "login", "--server", live_instance.journalist_url, "--username", "reporter",
        "--passphrase-file", str(wrong), "--code", "000000", check=False,
    )  # fmt: skip
    assert (1, False) == (refused.returncode, (desk.dir / "desk.json").exists())
    # Said as what to do, not as an HTTP status
    assert "wrong passphrase or code" in refused.stderr
    assert "HTTP" not in refused.stderr
    desk.login(live_instance, credentials, "reporter")
    assert 0o600 == (desk.dir / "desk.json").stat().st_mode & 0o777
    desk.run("fetch")
    biggest = max(desk.dir.glob("inbox/*/*/*.age"), key=lambda p: p.stat().st_size)
    whole = biggest.read_bytes()

    # Given: the download was cut off halfway.
    biggest.unlink()
    biggest.with_name(biggest.name + ".part").write_bytes(whole[: len(whole) // 2])
    # When / Then: fetch asks for the rest only and verifies the whole.
    resumed = desk.run("fetch")
    assert f"downloaded 1 files ({len(whole) - len(whole) // 2} bytes)" in resumed.stdout
    assert whole == biggest.read_bytes()

    # Given: a .part with a corrupt prefix. Then: it fails verification and is removed ...
    biggest.unlink()
    biggest.with_name(biggest.name + ".part").write_bytes(b"X" * (len(whole) // 2))
    failed = desk.run("fetch", check=False)
    assert 0 != failed.returncode
    assert "does not match" in failed.stderr
    assert not biggest.exists()
    # ... so the next fetch starts over and succeeds.
    desk.run("fetch")
    assert whole == biggest.read_bytes()

    # Already verified files are skipped; sync is fetch + open.
    synced = desk.run("sync", "--identity", str(live_instance.data_dir / "newsroom-identity.txt")).stdout
    assert "downloaded 0 files" in synced
    assert "Opened 4 files in 1 batches" in synced

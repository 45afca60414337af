"""`tipline desk open`, the offline half: hostile names, files it cannot clean, and proof that it
opens no network connection."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tests.factories import evidence
from tests.factories.desk import Desk, exiftool_tags, needs_scrubbers
from tests.factories.desk_inbox import DESIGNATION, write_inbox
from tipline.crypto.age import generate_identity
from tipline.desk import offline, opener
from tipline.submissions.manifest import ManifestAnswer

pytestmark = [pytest.mark.slow, needs_scrubbers]

HOSTILE_NAMES = [
    "../../etc/passwd",
    "evil\x00.jpg\x00.txt",
    "A" * 5000 + ".txt",
    "invoice\u202etxt.exe",
    "/absolute/../../.bashrc",
    "\x1b]0;pwned\x07title.txt",
    "..",
    "report.json",  # the desk's own report name
    "same.txt",
    "same.txt",  # twice: no clobbering
]


@pytest.fixture
def identity_file(tmp_path: Path) -> tuple[Path, str]:
    identity, recipient = generate_identity()
    path = tmp_path / "newsroom-identity.txt"
    path.write_text(f"# created: test\n{identity}\n", encoding="utf-8")
    return path, recipient


def batch_folder(desk: Desk) -> Path:
    (folder,) = (desk.dir / "sources" / DESIGNATION).iterdir()
    return folder


def test_hostile_manifest_names_land_as_safe_names_inside_the_batch_folder(
    tmp_path: Path, identity_file: tuple[Path, str]
) -> None:
    identity, recipient = identity_file
    desk = Desk(tmp_path / "workstation")
    contents = [f"file {i}\n".encode() for i in range(len(HOSTILE_NAMES))]
    write_inbox(desk.dir, recipient, list(zip(HOSTILE_NAMES, contents, strict=True)))

    desk.run("open", "--identity", str(identity))

    folder = batch_folder(desk)
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    saved = [entry["saved_as"] for entry in report["files"]]
    expected = [
        "passwd", "evil.jpg.txt", "A" * 196 + ".txt", "invoicetxt.exe", "bashrc", "]0;pwnedtitle.txt", "file",
        "report (2).json", "same.txt", "same (2).txt",
    ]  # fmt: skip
    assert expected == saved
    # Every file is where the report says, with its own content; nothing escaped the folder.
    for name, content in zip(saved, contents, strict=True):
        assert content == (folder / name).read_bytes()
    assert not (tmp_path / "etc").exists()
    assert not (desk.dir / "sources" / ".bashrc").exists()
    written = {p.relative_to(desk.dir).parts[0] for p in desk.dir.rglob("*") if p.is_file()}
    assert {"inbox", "sources"} == written
    # The journalist can still see what was claimed, escaped.
    assert ascii("invoice\u202etxt.exe") == report["files"][3]["name_in_manifest"]


def test_a_file_that_cannot_be_cleaned_is_marked_not_cleaned_in_report_and_show(
    tmp_path: Path, identity_file: tuple[Path, str]
) -> None:
    identity, recipient = identity_file
    desk = Desk(tmp_path / "workstation")
    files: list[tuple[str | None, bytes]] = [
        (None, b"see the attachments"),
        ("photo.jpg", evidence.jpeg_with_gps_and_serial()),
        ("broken.jpg", b"this is not a JPEG at all"),
        ("archive.zz", b"\x00\x01 unknown format"),
    ]
    source_uuid = write_inbox(desk.dir, recipient, files)
    # A second batch whose manifest calls a JPEG a "message": it must not pass as plain text.
    write_inbox(desk.dir, recipient, [(None, evidence.jpeg_with_gps_and_serial())], source_uuid=source_uuid)

    opened = desk.run("open", "--identity", str(identity))

    folders = sorted((desk.dir / "sources" / DESIGNATION).iterdir(), key=lambda f: len(list(f.iterdir())))
    disguised, folder = folders
    assert ["NOT CLEANED"] == [e["status"] for e in json.loads((disguised / "report.json").read_text())["files"]]
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    status = {entry["saved_as"]: entry["status"] for entry in report["files"]}
    assert {
        "message.txt": "plain text",
        "photo.jpg": "cleaned",
        "broken.jpg": "NOT CLEANED",
        "archive.zz": "NOT CLEANED",
    } == status
    assert not (folder / "broken.cleaned.jpg").exists()
    assert "NOT CLEANED: sources/quiet-heron/" in opened.stderr
    assert "NOT CLEANED" in (folder / "REPORT.txt").read_text(encoding="utf-8")
    shown = desk.run("show", DESIGNATION).stdout
    assert 3 == shown.count("[NOT CLEANED]")  # each file, flagged on its own line
    assert "3 files NOT CLEANED" in shown
    # Running open again changes nothing.
    assert "2 batches were opened before" in desk.run("open", "--identity", str(identity)).stdout


def test_padded_and_older_unpadded_batches_open_to_exactly_what_was_sent(
    tmp_path: Path, identity_file: tuple[Path, str]
) -> None:
    """The padding comes off on the desk (docs/padding-design.md); batches stored before it open as before."""
    identity, recipient = identity_file
    desk = Desk(tmp_path / "workstation")
    data = bytes(range(256)) * 300 + b"\x00" * 100  # ends in zeros, like the padding
    write_inbox(desk.dir, recipient, [(None, "패딩된 제보".encode()), ("data.bin", data)], padded=True)
    write_inbox(desk.dir, recipient, [(None, b"an old tip"), ("old.bin", data)], designation="old-heron")

    desk.run("open", "--identity", str(identity))

    for designation, message in ((DESIGNATION, "패딩된 제보".encode()), ("old-heron", b"an old tip")):
        (folder,) = (desk.dir / "sources" / designation).iterdir()
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        saved = {entry["kind"]: folder / entry["saved_as"] for entry in report["files"]}
        assert message == saved["message"].read_bytes()
        assert data == saved["file"].read_bytes()


def test_open_succeeds_without_any_network(tmp_path: Path, identity_file: tuple[Path, str]) -> None:
    """Run in a new, empty network namespace: no interface, not even loopback, is up."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"], check=False).returncode:
        pytest.skip("unshare -n needs root (or user namespaces)")
    identity, recipient = identity_file
    desk = Desk(tmp_path / "workstation", prefix=("unshare", "-n"))
    write_inbox(desk.dir, recipient, [(None, b"offline"), ("photo.jpg", evidence.jpeg_with_gps_and_serial())])

    desk.run("open", "--identity", str(identity))

    report = json.loads((batch_folder(desk) / "report.json").read_text(encoding="utf-8"))
    assert ["plain text", "cleaned"] == [entry["status"] for entry in report["files"]]


def test_open_refuses_any_network_connection(
    tmp_path: Path, identity_file: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    identity, recipient = identity_file
    desk = Desk(tmp_path / "workstation")
    write_inbox(desk.dir, recipient, [("photo.jpg", evidence.jpeg_with_gps_and_serial())])

    def phone_home(*args: object, **kwargs: object) -> None:
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=2)

    # As if a library used during open tried to reach the network.
    monkeypatch.setattr(opener, "clean_file", phone_home)
    before = tempfile.gettempdir()
    result = desk.run("open", "--identity", str(identity), check=False)

    assert 0 != result.returncode
    assert "NetworkForbidden: the offline desk refuses network access (socket" in result.stderr
    # The command ran in this process: once it returned, its guard and its TMPDIR are gone again.
    assert not offline.is_offline()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        socket.create_connection(listener.getsockname()[:2], timeout=2).close()
    assert 0 == subprocess.run(["true"], check=False).returncode
    assert before == tempfile.gettempdir()
    assert str(desk.dir / "tmp") != os.environ.get("TMPDIR")


def test_the_wrong_identity_is_refused_and_nothing_is_written(tmp_path: Path, identity_file: tuple[Path, str]) -> None:
    _, recipient = identity_file
    desk = Desk(tmp_path / "workstation")
    write_inbox(desk.dir, recipient, [(None, b"for the newsroom only")])
    other = tmp_path / "someone-else.txt"
    other.write_text(generate_identity()[0] + "\n", encoding="utf-8")

    result = desk.run("open", "--identity", str(other), check=False)

    assert 1 == result.returncode
    assert "cannot decrypt the manifest" in result.stderr
    assert [] == list((desk.dir / "sources").rglob("*"))


def test_a_damaged_ciphertext_is_reported_not_decrypted_and_the_rest_opens(
    tmp_path: Path, identity_file: tuple[Path, str]
) -> None:
    identity, recipient = identity_file
    desk = Desk(tmp_path / "workstation")
    source_uuid = write_inbox(desk.dir, recipient, [(None, b"message"), ("notes.txt", b"notes")])
    source = json.loads((desk.dir / "inbox" / source_uuid / "source.json").read_text())
    damaged = source["submissions"][1]
    path = desk.dir / "inbox" / source_uuid / damaged["batch_uuid"] / f"{damaged['uuid']}.age"
    path.write_bytes(path.read_bytes()[:-20])

    opened = desk.run("open", "--identity", str(identity))

    assert "NOT DECRYPTED" in opened.stderr
    report = json.loads((batch_folder(desk) / "report.json").read_text(encoding="utf-8"))
    assert ["plain text", "NOT DECRYPTED"] == [entry["status"] for entry in report["files"]]
    assert {"message.txt", "report.json", "REPORT.txt"} == {p.name for p in batch_folder(desk).iterdir()}


def ffmpeg_file(tmp_path: Path, name: str, *args: str) -> bytes:
    out = tmp_path / name
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *args, str(out)], check=True, timeout=60)
    return out.read_bytes()


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="mat2 cleans audio and video with ffmpeg")
def test_audio_and_video_lose_their_location_and_author(tmp_path: Path, identity_file: tuple[Path, str]) -> None:
    identity, recipient = identity_file
    tags = ["-metadata", "artist=Kim Informant", "-metadata", "location=+55.7500+037.6100/"]
    video = ffmpeg_file(tmp_path, "clip.mp4", "-f", "lavfi", "-i", "testsrc=duration=1:size=64x48:rate=5", *tags)
    audio = ffmpeg_file(tmp_path, "tone.mp3", "-f", "lavfi", "-i", "sine=duration=1", *tags)
    desk = Desk(tmp_path / "workstation")
    write_inbox(desk.dir, recipient, [("clip.mp4", video), ("tone.mp3", audio)])

    desk.run("open", "--identity", str(identity))

    folder = batch_folder(desk)
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert ["cleaned", "cleaned"] == [entry["status"] for entry in report["files"]]
    removed = report["files"][0]["removed"]
    assert any(line.startswith("UserData:LocationInformation") for line in removed)
    for name in ("clip.cleaned.mp4", "tone.cleaned.mp3"):
        assert b"Kim Informant" not in (folder / name).read_bytes()
        assert [] == [k for k in exiftool_tags(folder / name) if "GPS" in k or "Artist" in k or "Location" in k]


def test_hostile_questionnaire_answers_are_written_as_data_and_shown_without_control_bytes(
    tmp_path: Path, identity_file: tuple[Path, str]
) -> None:
    """Answers are the source's text (or a forger's): kept whole in answers.txt and the report,
    never able to take a name the desk writes, never reaching the terminal as control bytes."""
    identity, recipient = identity_file
    desk = Desk(tmp_path / "workstation")
    answers = (
        ManifestAnswer(
            "무슨 일이 있었습니까?\x1b]52;c;cHduZWQ=\x07", "text", "불이 났습니다\x1b[8m숨김\x1b[0m [red]붉게[/red]"
        ),
        ManifestAnswer("../../etc/passwd", "yesno", "yes"),
        ManifestAnswer("언제?", "date", ""),
    )
    files = [(None, "글".encode()), ("answers.txt", b"a source's own file named like the desk's")]
    write_inbox(desk.dir, recipient, files, answers=answers)

    desk.run("open", "--identity", str(identity))

    folder = batch_folder(desk)
    written = (folder / "answers.txt").read_text(encoding="utf-8")
    assert "   불이 났습니다\x1b[8m숨김\x1b[0m [red]붉게[/red]\n" in written  # the data, whole
    assert "3. 언제?\n   -\n" in written
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert ["text", "yesno", "date"] == [a["kind"] for a in report["questionnaire"]["answers"]]
    (source_file,) = (entry for entry in report["files"] if entry["name_in_manifest"] == ascii("answers.txt"))
    assert "answers.txt" != source_file["saved_as"]  # the desk's own name stays the desk's
    assert b"a source's own file" in (folder / source_file["saved_as"]).read_bytes()
    assert not (tmp_path / "etc").exists()

    shown = desk.run("show", DESIGNATION).stdout
    assert "Questionnaire answers" in shown
    assert "숨김" in shown
    assert "[red]붉게[/red]" in shown  # not taken as markup
    assert "\x1b" not in shown
    assert "\x07" not in shown

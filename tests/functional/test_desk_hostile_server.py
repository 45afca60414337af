"""Threat T9: a server taken over lies to the desk. A fake API on loopback serves forged batches
(encrypted to the newsroom's public recipient, which anyone holds), traversal in every id and
day, control bytes in every string, swapped keys; the real `tipline desk` runs against it.

Each test proves: nothing is written outside the desk folder (the folders around it are
scanned), no control byte reaches stdout or stderr, and replies stay unreadable to the server.
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories.desk import Desk
from tests.factories.desk_inbox import write_inbox
from tests.factories.fake_api import CONTROL, FakeApi, serving
from tipline.crypto.age import DecryptionError, decrypt_bytes, generate_identity

MESSAGE = b"The ship leaves on Tuesday."
REPLY = "Thank you. Which port?"
# A source's key (its recipient) and the newsroom's, as the honest server knew them.
SOURCE_IDENTITY, SOURCE_KEY = generate_identity()


@pytest.fixture
def newsroom(tmp_path: Path) -> tuple[Path, str]:
    identity, recipient = generate_identity()
    path = tmp_path / "newsroom-identity.txt"
    path.write_text(identity + "\n", encoding="utf-8")
    return path, recipient


@pytest.fixture
def api(newsroom: tuple[Path, str]) -> Iterator[FakeApi]:
    with serving(FakeApi(newsroom_recipient=newsroom[1])) as served:
        yield served


def files_under(root: Path) -> set[Path]:
    return set(root.rglob("*")) if root.exists() else set()


def outside_desk(tmp_path: Path, desk: Desk, before: set[Path]) -> list[str]:
    """Everything new under the test's folder that is not inside the desk folder."""
    return sorted(str(p) for p in files_under(tmp_path) - before if desk.dir not in p.parents and p != desk.dir)


def in_shared_folders(marker: str) -> list[str]:
    """Entries of /tmp and /dev/shm whose name carries ``marker`` (a unique batch uuid)."""
    tops = [Path("/tmp"), Path("/dev/shm")]
    return [str(p) for top in tops if top.is_dir() for p in top.iterdir() if marker in p.name]


def control_characters(output: str) -> list[str]:
    """Control and format characters other than newline and tab (what drives a terminal)."""
    return sorted({repr(c) for c in output if c not in "\n\t" and unicodedata.category(c) in {"Cc", "Cf"}})


def login(desk: Desk, api: FakeApi, *extra: str) -> None:
    secret = desk.root / "passphrase.txt"
    desk.root.mkdir(parents=True, exist_ok=True)
    secret.write_text("correct horse\n", encoding="utf-8")
    desk.run("login", "--server", api.url, "--username", "kim", "--passphrase-file", str(secret), "--code", "1", *extra)


def test_days_and_ids_that_climb_out_are_refused_and_nothing_lands_outside(
    tmp_path: Path, api: FakeApi, newsroom: tuple[Path, str]
) -> None:
    identity, _ = newsroom
    honest = api.add_source("quiet-heron", SOURCE_KEY)
    api.forge_batch(honest, [(None, MESSAGE)])
    climbing = api.add_source("steep-owl", SOURCE_KEY)
    up = api.forge_batch(climbing, [(None, b"up")], received_on="../../../.")
    absolute = api.add_source("flat-owl", SOURCE_KEY)
    down = api.forge_batch(absolute, [(None, b"abs")], received_on="/dev/shm/q")
    not_a_day = api.add_source("odd-owl", SOURCE_KEY)
    api.forge_batch(not_a_day, [(None, b"odd")], received_on="2026-13-45")
    bad_batch = api.add_source("lost-owl", SOURCE_KEY)
    api.forge_batch(bad_batch, [(None, b"lost")], batch_uuid="../../../../escaped")
    bad_ids = api.add_source("sly-owl", SOURCE_KEY, uuid=f"../../{uuid.uuid4()}")
    bad_counts = api.add_source("big-owl", SOURCE_KEY, number_of_replies="12; rm -rf ~")
    bad_key = api.add_source("key-owl", "not-an-age-recipient")
    del bad_ids, bad_counts, bad_key
    desk = Desk(tmp_path / "workstation")
    login(desk, api)
    before = files_under(tmp_path)

    fetched = desk.run("fetch", check=False)
    opened = desk.run("open", "--identity", str(identity))

    # The honest source is fetched and opened; every lying one is refused by name, with the reason.
    assert 1 == fetched.returncode
    assert "7 sources refused" in fetched.stderr
    assert 7 == fetched.stderr.count("REFUSED: ")
    assert "invalid day of arrival: '../../../.'" in fetched.stderr
    assert "invalid day of arrival: '/dev/shm/q'" in fetched.stderr
    assert "invalid batch id: '../../../../escaped'" in fetched.stderr
    assert "Opened 1 files in 1 batches" in opened.stdout
    (batch,) = (desk.dir / "sources" / "quiet-heron").iterdir()
    assert MESSAGE == (batch / "message.txt").read_bytes()
    assert [] == outside_desk(tmp_path, desk, before)
    assert [] == in_shared_folders(up.uuid) + in_shared_folders(down.uuid)
    assert not list(desk.dir.rglob("*escaped*"))


@pytest.mark.parametrize("received_on", ["../../../.", "/dev/shm/q", "../../../../../../../../dev/shm/q"])
def test_a_hostile_day_already_on_the_desk_cannot_move_plaintext_out(
    tmp_path: Path, newsroom: tuple[Path, str], received_on: str
) -> None:
    """An inbox written by an older desk (or copied from anywhere) is checked again where it is used."""
    identity, recipient = newsroom
    desk = Desk(tmp_path / "workstation")
    desk.env()
    write_inbox(desk.dir, recipient, [(None, MESSAGE)], received_on=received_on)
    (batch_uuid,) = (p.name for p in next((desk.dir / "inbox").iterdir()).iterdir() if p.is_dir())
    before = files_under(tmp_path)

    opened = desk.run("open", "--identity", str(identity), check=False)

    assert 1 == opened.returncode
    assert "invalid day of arrival" in opened.stderr
    assert "Traceback" not in opened.stderr
    assert [] == outside_desk(tmp_path, desk, before)
    assert [] == in_shared_folders(batch_uuid)


def test_control_bytes_in_every_server_field_never_reach_the_terminal(
    tmp_path: Path, api: FakeApi, newsroom: tuple[Path, str]
) -> None:
    identity, _ = newsroom
    source = api.add_source(f"quiet-heron{CONTROL}", SOURCE_KEY)
    api.forge_batch(
        source,
        [(None, MESSAGE), (f"{CONTROL}ledger.txt", b"rows\n"), (f"{CONTROL}.txt", b"x\n")],
        content_type=CONTROL,
    )
    desk = Desk(tmp_path / "workstation")
    login(desk, api)
    runs = [desk.run("fetch"), desk.run("open", "--identity", str(identity)), desk.run("list")]
    runs.append(desk.run("show", str(source.uuid)))
    runs.append(desk.run("reply", str(source.uuid), "--message", REPLY))
    api.error_message = f"denied{CONTROL}"
    runs.append(desk.run("fetch", check=False))

    assert "denied" in runs[-1].stderr
    assert "ledger.txt" in runs[3].stdout
    for run in runs:
        assert "Traceback" not in run.stderr, run.args
        assert [] == control_characters(run.stdout + run.stderr), run.args


def test_control_bytes_and_markup_on_the_desk_never_reach_the_terminal(
    tmp_path: Path, newsroom: tuple[Path, str]
) -> None:
    """What is already on the desk (an older inbox, another desk's case) is cleaned where printed:
    every listing and printing command, `[/]` included (it crashed `case list`)."""
    identity, recipient = newsroom
    hostile = CONTROL.replace("\x00", "")  # a command line cannot carry NUL
    desk = Desk(tmp_path / "workstation")
    source_uuid = write_inbox(
        desk.dir,
        recipient,
        [(None, f"Fuel ships on Tuesday.{hostile}\n".encode()), (f"{hostile}notes.txt", b"Fuel ships on Tuesday.\n")],
        designation=f"quiet-heron{CONTROL}",
    )
    runs = [desk.run("open", "--identity", str(identity)), desk.run("list"), desk.run("show", source_uuid)]
    (folder,) = (desk.dir / "sources").iterdir()
    (batch,) = (p.name for p in folder.iterdir() if p.is_dir())
    runs.append(desk.run("case", "new", f"Port story {hostile}", "--source", folder.name))
    runs.append(desk.run("claim", "add", "1", f"Fuel ships {hostile}", "--evidence", f"{folder.name}/{batch}"))
    runs += [desk.run("case", "list"), desk.run("case", "show", "1")]
    draft = desk.root / "draft.md"
    draft.write_text(f"# {hostile}\n\nFuel ships on Tuesday, a source said.\n", encoding="utf-8")
    runs.append(desk.run("exposure-check", str(draft), "--no-translate", check=False))
    # A model package carried over from elsewhere names itself.
    package = desk.dir / "models" / "pkg"
    (package / "model").mkdir(parents=True)
    (package / "model" / "model.bin").write_bytes(b"")
    (package / "sentencepiece.model").write_bytes(b"")
    metadata = {"from_code": "zh", "to_code": "en", "from_name": CONTROL, "package_version": CONTROL}
    (package / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    runs.append(desk.run("models", "list"))

    assert "Port story" in runs[5].stdout
    assert "[/][bold]" in runs[5].stdout  # shown as text, not taken as markup
    assert "Fuel ships" in runs[6].stdout
    assert 1 == runs[-2].returncode  # flagged, not crashed
    assert "zh→en" in runs[-1].stdout
    for run in runs:
        assert "Traceback" not in run.stderr, run.args
        assert [] == control_characters(run.stdout + run.stderr), run.args


def decrypts(armored: str, identity: str) -> bool:
    try:
        decrypt_bytes(armored.encode("ascii"), [identity])
    except (DecryptionError, ValueError):
        return False
    return True


def test_replies_go_only_to_keys_pinned_on_the_desk(tmp_path: Path, api: FakeApi, newsroom: tuple[Path, str]) -> None:
    newsroom_identity = newsroom[0].read_text(encoding="utf-8").strip()
    source = api.add_source("quiet-heron", SOURCE_KEY)
    api.forge_batch(source, [(None, MESSAGE)])
    desk = Desk(tmp_path / "workstation")
    login(desk, api)  # first login: pins the newsroom recipient the server announces
    desk.run("fetch")  # first fetch: pins the source's key

    desk.run("reply", "quiet-heron", "--message", REPLY)
    (sent,) = api.replies
    assert decrypts(sent["armored"], SOURCE_IDENTITY)
    assert decrypts(sent["armored"], newsroom_identity)
    assert not decrypts(sent["armored"], api.server_identity)

    # The server swaps the source's key for its own: fetch warns, reply refuses, nothing is sent.
    source.key = api.server_recipient
    assert "KEY CHANGED" in desk.run("fetch").stderr
    refused = desk.run("reply", "quiet-heron", "--message", REPLY, check=False)
    assert 1 == refused.returncode
    assert "another key for source quiet-heron" in refused.stderr
    assert 1 == len(api.replies)

    # The server swaps the newsroom recipient for its own: reply refuses as well.
    source.key = SOURCE_KEY
    api.newsroom_recipient = api.server_recipient
    refused = desk.run("reply", "quiet-heron", "--message", REPLY, check=False)
    assert 1 == refused.returncode
    assert "another newsroom recipient" in refused.stderr
    assert 1 == len(api.replies)
    # Logging in again does not move the pin, and says why.
    login(desk, api)
    assert newsroom[1] == json.loads((desk.dir / "pins.json").read_text(encoding="utf-8"))["newsroom_recipient"]
    for reply in api.replies:
        assert not decrypts(reply["armored"], api.server_identity)


def test_a_newsroom_recipient_set_at_login_wins_over_the_servers(
    tmp_path: Path, api: FakeApi, newsroom: tuple[Path, str]
) -> None:
    """A server taken over before the first login announces its own recipient: the journalist
    pins the newsroom's with --newsroom-recipient and no reply is ever encrypted to the server's."""
    real = newsroom[1]
    api.newsroom_recipient = api.server_recipient
    source = api.add_source("quiet-heron", SOURCE_KEY)
    api.forge_batch(source, [(None, MESSAGE)])
    desk = Desk(tmp_path / "workstation")
    desk.root.mkdir(parents=True)
    secret = desk.root / "passphrase.txt"
    secret.write_text("pw\n", encoding="utf-8")
    logged = desk.run(
        "login", "--server", api.url, "--username", "kim", "--passphrase-file", str(secret), "--code", "1",
        "--newsroom-recipient", real,
    )  # fmt: skip
    assert "WARNING: the server announces another newsroom recipient" in logged.stderr
    desk.run("fetch")
    refused = desk.run("reply", "quiet-heron", "--message", REPLY, check=False)
    assert 1 == refused.returncode
    assert [] == api.replies
    assert real in desk.run("pins").stdout


def test_a_hostile_reply_id_cannot_place_the_reply_copy_outside(
    tmp_path: Path, api: FakeApi, newsroom: tuple[Path, str]
) -> None:
    source = api.add_source("quiet-heron", SOURCE_KEY)
    api.forge_batch(source, [(None, MESSAGE)])
    api.reply_uuid = "../../../../../escaped-reply"
    desk = Desk(tmp_path / "workstation")
    login(desk, api)
    desk.run("fetch")
    before = files_under(tmp_path)

    replied = desk.run("reply", "quiet-heron", "--message", REPLY, check=False)

    assert 1 == replied.returncode
    assert "invalid id" in replied.stderr
    assert [] == outside_desk(tmp_path, desk, before)
    assert not list(tmp_path.rglob("escaped-reply*"))


def test_a_refused_source_is_asked_again_once_the_server_stops_lying(
    tmp_path: Path, api: FakeApi, newsroom: tuple[Path, str]
) -> None:
    """The ?since= cursor moves on only when nothing was refused: a refusal never skips a tip."""
    identity, _ = newsroom
    source = api.add_source("quiet-heron", SOURCE_KEY)
    batch = api.forge_batch(source, [(None, MESSAGE)], received_on="../../../.")
    mismatched = api.add_source("two-keys-owl", SOURCE_KEY)
    mismatched.extra = {"key": {"type": "age", "public": api.server_recipient, "fingerprint": api.server_recipient}}
    desk = Desk(tmp_path / "workstation")
    login(desk, api)

    refused = desk.run("fetch", check=False)
    assert 1 == refused.returncode
    assert "key object that disagrees" in refused.stderr
    assert "invalid day of arrival" in refused.stderr

    for submission in batch.submissions:
        submission["received_on"] = "2026-11-26"
    again = desk.run("fetch", check=False)
    assert 1 == again.returncode  # two-keys-owl still lies
    assert 1 == again.stderr.count("REFUSED: ")
    assert "Opened 1 files in 1 batches" in desk.run("open", "--identity", str(identity)).stdout


def test_a_reply_stored_under_another_id_than_the_desks_is_refused(
    tmp_path: Path, api: FakeApi, newsroom: tuple[Path, str]
) -> None:
    source = api.add_source("quiet-heron", SOURCE_KEY)
    api.forge_batch(source, [(None, MESSAGE)])
    api.reply_uuid = str(uuid.uuid4())
    desk = Desk(tmp_path / "workstation")
    login(desk, api)
    desk.run("fetch")

    replied = desk.run("reply", "quiet-heron", "--message", REPLY, check=False)

    assert 1 == replied.returncode
    assert "under another id" in replied.stderr
    assert not list((desk.dir / "sources").rglob(f"{api.reply_uuid}*"))

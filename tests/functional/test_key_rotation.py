"""Keys that rotate (docs/key-rotation-design.md): the full cycle on a live server and a real desk.

Material sent before, during and after `tipline keys rotate-newsroom` opens on one desk holding
both identities; after the rotation every new ciphertext opens with the new identity and not the
old (checked with the `age` CLI); the server announces and uses only the new recipient; the
desk's pin follows the rotation only with the new identity in hand, never a hostile swap.
"""

from __future__ import annotations

import http.client
import json
import secrets
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories.desk import Desk, needs_scrubbers
from tests.factories.fake_api import FakeApi, serving
from tests.factories.forms import csrf_token
from tests.factories.live import LiveInstance
from tests.factories.live_source import LiveSource
from tipline.crypto.age import DecryptionError, decrypt_bytes, generate_identity
from tipline.crypto.padding import unpad
from tipline.desk.workflow.material import NOT_MATERIAL_DIRS

pytestmark = [pytest.mark.slow, needs_scrubbers]

PHASES = ("before", "during", "after")
REPLY = "Thank you. Which port?"


def keygen(path: Path) -> str:
    """A new newsroom key pair made as the procedure says (age-keygen); returns its recipient."""
    made = subprocess.run(["age-keygen", "-o", str(path)], capture_output=True, text=True, check=True, timeout=30)
    return made.stderr.strip().removeprefix("Public key: ")


def age_opens(ciphertext: Path, identity: Path) -> bytes | None:
    """What the `age` CLI decrypts with this identity file, or None when it refuses."""
    result = subprocess.run(
        ["age", "-d", "-i", str(identity), str(ciphertext)], capture_output=True, timeout=60, check=False
    )
    return unpad(result.stdout) if result.returncode == 0 else None


def multipart(fields: dict[str, str], files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "----tipline" + secrets.token_hex(8)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
            "Content-Type: text/plain\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def submit_across_a_rotation(
    instance: LiveInstance, source: LiveSource, message: str, file_content: bytes, rotate: list[str]
) -> None:
    """POST /submit with the file part held open while `tipline keys rotate-newsroom` runs: the
    file's encryption began before the rotation, the message and manifest are encrypted after."""
    token = csrf_token(source.get("/lookup"))
    body, content_type = multipart({"csrf_token": token, "message": message}, [("during.txt", file_content)])
    # Past the parser's 1 MiB reads (architecture.md), so the file part has reached its encryptor.
    split = body.index(file_content) + 2 * 1024 * 1024
    parsed = urllib.parse.urlsplit(instance.source_url)
    connection = http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port, timeout=60)
    connection.putrequest("POST", "/submit")
    connection.putheader("Cookie", "; ".join(f"{c.name}={c.value}" for c in source.jar))
    connection.putheader("Content-Type", content_type)
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    connection.send(body[:split])
    incoming = instance.data_dir / "store" / ".incoming"
    deadline = time.monotonic() + 30
    while not list(incoming.glob("*")):  # the file's encryptor has begun writing
        assert time.monotonic() < deadline, "the upload never reached the encryptor"
        time.sleep(0.05)
    instance.cli("keys", "rotate-newsroom", *rotate)
    connection.send(body[split:])
    response = connection.getresponse()
    response.read()
    connection.close()
    assert 302 == response.status


def api_get(desk: Desk, path: str) -> bytes:
    login = json.loads((desk.dir / "desk.json").read_text(encoding="utf-8"))
    request = urllib.request.Request(login["server"] + path, headers={"Authorization": f"Token {login['token']}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        data: bytes = response.read()
    return data


def test_material_from_before_during_and_after_a_rotation_opens_and_new_ciphertext_needs_the_new_key(
    live_instance: LiveInstance, tmp_path: Path
) -> None:
    old_identity = live_instance.data_dir / "newsroom-identity.txt"
    old = json.loads(urllib.request.urlopen(live_instance.journalist_url + "/api/v1/", timeout=10).read())[
        "newsroom_recipient"
    ]
    new_identity = tmp_path / "newsroom-identity-2027.txt"
    new = keygen(new_identity)
    credentials = live_instance.add_journalist("reporter")
    desk = Desk(tmp_path / "workstation")
    desk.login(live_instance, credentials, "reporter")  # pins the first newsroom recipient
    source = LiveSource(live_instance.source_url)
    source.create_account()
    # 4 MiB each: the upload held open across the rotation is cut in the middle of its file.
    files = {phase: f"{phase} the rotation: ledger lines\n".encode() * (4 * 1024 * 1024 // 32) for phase in PHASES}

    # Before, during (an upload spanning the rotation), after.
    assert 302 == source.submit("before", [("before.txt", files["before"], "text/plain")])
    submit_across_a_rotation(live_instance, source, "during", files["during"], [new])
    assert 302 == source.submit("after", [("after.txt", files["after"], "text/plain")])

    # The server announces only the new recipient, and lists the old as retired.
    root = json.loads(urllib.request.urlopen(live_instance.journalist_url + "/api/v1/", timeout=10).read())
    assert new == root["newsroom_recipient"]
    listed = live_instance.cli("keys", "list").stdout
    assert f"newsroom  {new}" in listed
    assert "CURRENT" in listed.split(new)[1].splitlines()[0]
    assert "retired" in listed.split(old)[1].splitlines()[0]

    # The desk notices the announcement at fetch, does not follow it yet, and reply refuses.
    fetched = desk.run("fetch")
    assert "another newsroom recipient" in fetched.stderr
    pins = json.loads((desk.dir / "pins.json").read_text(encoding="utf-8"))
    assert (old, new) == (pins["newsroom_recipient"], pins["newsroom_announced"])
    designation = json.loads(next((desk.dir / "inbox").glob("*/source.json")).read_text())["journalist_designation"]
    refused = desk.run("reply", designation, "--message", REPLY, check=False)
    assert 1 == refused.returncode
    assert "another newsroom recipient" in refused.stderr

    # Every ciphertext, checked with the age CLI: which identity opens it.
    by_phase: dict[str, dict[str, tuple[bool, bool]]] = {}
    # Batch folders only: fetch keeps each source's replies and notes beside them.
    for batch in (p for p in (desk.dir / "inbox").glob("*/*") if p.is_dir() and p.name not in NOT_MATERIAL_DIRS):
        opened = {p.name: (age_opens(p, old_identity), age_opens(p, new_identity)) for p in batch.glob("*.age")}
        plaintexts = {name: o if o is not None else n for name, (o, n) in opened.items()}
        (phase,) = [t.decode() for t in plaintexts.values() if t is not None and t.decode() in PHASES]
        kinds = {name: "manifest" if name == "manifest.age" else "message" if text == phase.encode() else "file"
                 for name, text in plaintexts.items()}  # fmt: skip
        by_phase[phase] = {kinds[name]: (o is not None, n is not None) for name, (o, n) in opened.items()}
    old_only, new_only = (True, False), (False, True)
    assert {"message": old_only, "file": old_only, "manifest": old_only} == by_phase["before"]
    assert {"message": new_only, "file": old_only, "manifest": new_only} == by_phase["during"]
    assert {"message": new_only, "file": new_only, "manifest": new_only} == by_phase["after"]

    # One desk run with both identities opens all of it, and follows the rotation.
    opened_run = desk.run("open", "--identity", str(new_identity), "--identity", str(old_identity))
    assert f"replies are now encrypted to {new}" in opened_run.stdout
    assert "NOT DECRYPTED" not in opened_run.stderr
    texts = {p.read_bytes() for p in (desk.dir / "sources").rglob("*.txt") if p.name != "REPORT.txt"}
    assert {phase.encode() for phase in PHASES} | set(files.values()) <= texts
    pins = json.loads((desk.dir / "pins.json").read_text(encoding="utf-8"))
    assert new == pins["newsroom_recipient"]
    assert "newsroom_announced" not in pins

    # A reply now goes to the source and the new newsroom key only.
    replied = desk.run("reply", designation, "--message", REPLY)
    assert REPLY in source.get("/lookup")
    reply_uuid = replied.stdout.split()[1]
    source_uuid = next((desk.dir / "inbox").glob("*/source.json")).parent.name
    armored = api_get(desk, f"/api/v1/sources/{source_uuid}/replies/{reply_uuid}/download")
    stored = tmp_path / "reply.age"
    stored.write_bytes(armored)
    assert REPLY.encode() == age_opens(stored, new_identity)
    assert age_opens(stored, old_identity) is None

    # A rotation back to a retired key is refused.
    back = live_instance.cli("keys", "rotate-newsroom", old, check=False)
    assert 0 != back.returncode
    assert "retired" in back.stderr


# Against a fake API: the server decides what it announces.

SOURCE_IDENTITY, SOURCE_KEY = generate_identity()


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    made = {}
    for name in ("old", "new"):
        identity, recipient = generate_identity()
        path = tmp_path / f"newsroom-{name}.txt"
        path.write_text(identity + "\n", encoding="utf-8")
        made[name] = (path, recipient)
    return made


@pytest.fixture
def api(keys: dict[str, tuple[Path, str]]) -> Iterator[FakeApi]:
    with serving(FakeApi(newsroom_recipient=keys["old"][1])) as served:
        yield served


def login(desk: Desk, api: FakeApi) -> None:
    desk.root.mkdir(parents=True, exist_ok=True)
    secret = desk.root / "passphrase.txt"
    secret.write_text("pw\n", encoding="utf-8")
    desk.run("login", "--server", api.url, "--username", "kim", "--passphrase-file", str(secret), "--code", "1")


def decrypts(armored: str, identity: str) -> bool:
    try:
        decrypt_bytes(armored.encode("ascii"), [identity])
    except DecryptionError:
        return False
    return True


def test_a_hostile_key_swap_dressed_as_a_rotation_is_never_followed_and_a_real_one_is(
    tmp_path: Path, api: FakeApi, keys: dict[str, tuple[Path, str]]
) -> None:
    (old_path, old), (new_path, new) = keys["old"], keys["new"]
    source = api.add_source("quiet-heron", SOURCE_KEY)
    api.forge_batch(source, [(None, b"sent to the old key")])
    desk = Desk(tmp_path / "workstation")
    login(desk, api)
    desk.run("fetch")

    # The server swaps in its own key: the desk notes it, opening with the newsroom's identities
    # (old and new, which the server does not hold) does not follow it, and reply refuses.
    api.newsroom_recipient = api.server_recipient
    assert "another newsroom recipient" in desk.run("fetch").stderr
    opened = desk.run("open", "--identity", str(old_path), "--identity", str(new_path))
    assert "rotated" not in opened.stdout
    pins = json.loads((desk.dir / "pins.json").read_text(encoding="utf-8"))
    assert (old, api.server_recipient) == (pins["newsroom_recipient"], pins["newsroom_announced"])
    refused = desk.run("reply", "quiet-heron", "--message", REPLY, check=False)
    assert 1 == refused.returncode
    assert "another newsroom recipient" in refused.stderr
    assert [] == api.replies

    # The newsroom really rotates: the desk given the new identity follows, and replies reach
    # the source and the new key only (never the old, never the server's).
    api.newsroom_recipient = new
    api.forge_batch(source, [(None, b"sent to the new key")])
    desk.run("fetch")
    opened = desk.run("open", "--identity", str(new_path), "--identity", str(old_path))
    assert f"replies are now encrypted to {new}" in opened.stdout
    texts = {p.read_bytes() for p in (desk.dir / "sources").rglob("message.txt")}
    assert {b"sent to the old key", b"sent to the new key"} == texts
    desk.run("reply", "quiet-heron", "--message", REPLY)
    (sent,) = api.replies
    new_identity = new_path.read_text(encoding="utf-8").strip()
    old_identity = old_path.read_text(encoding="utf-8").strip()
    assert decrypts(sent["armored"], SOURCE_IDENTITY)
    assert decrypts(sent["armored"], new_identity)
    assert not decrypts(sent["armored"], old_identity)
    assert not decrypts(sent["armored"], api.server_identity)

    # Afterwards the server swaps again: the pin stays on the new key.
    api.newsroom_recipient = api.server_recipient
    desk.run("fetch")
    desk.run("open", "--identity", str(new_path), "--identity", str(old_path))
    assert new == json.loads((desk.dir / "pins.json").read_text(encoding="utf-8"))["newsroom_recipient"]


def test_a_desk_without_the_newsroom_identity_keeps_its_pin_until_the_journalist_confirms(
    tmp_path: Path, api: FakeApi, keys: dict[str, tuple[Path, str]]
) -> None:
    (_, old), (_, new) = keys["old"], keys["new"]
    own_identity, _ = generate_identity()
    own_path = tmp_path / "mine.txt"
    own_path.write_text(own_identity + "\n", encoding="utf-8")
    api.add_source("quiet-heron", SOURCE_KEY)
    desk = Desk(tmp_path / "workstation")
    login(desk, api)
    api.newsroom_recipient = new
    desk.run("fetch")
    desk.run("open", "--identity", str(own_path))  # the journalist's own identity: no newsroom key
    assert old == json.loads((desk.dir / "pins.json").read_text(encoding="utf-8"))["newsroom_recipient"]
    refused = desk.run("reply", "quiet-heron", "--message", REPLY, check=False)
    assert 1 == refused.returncode
    assert [] == api.replies
    assert f"announced by the server, not pinned: {new}" in desk.run("pins").stdout
    desk.run("pins", "--newsroom-recipient", new)  # compared with the newsroom's record
    pins = json.loads((desk.dir / "pins.json").read_text(encoding="utf-8"))
    assert new == pins["newsroom_recipient"]
    assert "newsroom_announced" not in pins
    desk.run("reply", "quiet-heron", "--message", REPLY)
    assert 1 == len(api.replies)

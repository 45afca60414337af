"""SecureDrop's own SDK (securedrop-sdk 0.4.0, unmodified) against a live `tipline serve`.

Every method of ``sdclientapi.API`` is driven, both as the SDK talks straight to a server
(proxy=False) and through the JSON-over-stdin proxy protocol it uses on Qubes. Only
``delete_submission_from_string`` is left out: it sets ``source_url`` but not ``source_uuid``,
so it asks for /sources//submissions/<uuid> on every server (a bug in the SDK itself).
What it downloads is decrypted with the `age` command-line tool.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pyotp
import pytest
import sdclientapi
from sdclientapi import API, AuthError, WrongUUIDError

import tests.factories.qrexec_proxy
from tests.factories.live import LiveInstance
from tests.factories.live_source import LiveSource
from tipline.crypto.age import encrypt_bytes
from tipline.crypto.padding import unpad

QREXEC = "/usr/lib/qubes/qrexec-client-vm"  # where the SDK runs the Qubes RPC client
PROXY_SCRIPT = tests.factories.qrexec_proxy.__file__
SECRET_FILENAME = "minutes-of-the-party-cell.pdf"


@pytest.fixture(params=["direct", "proxy"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def sdk(live_instance: LiveInstance, mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> API:
    created = live_instance.add_journalist("reporter")
    code = pyotp.TOTP(created["totp_secret"]).now()
    if mode == "proxy":
        incoming = tmp_path / "QubesIncoming"
        incoming.mkdir()
        monkeypatch.setenv("TIPLINE_PROXY_ORIGIN", live_instance.journalist_url)
        monkeypatch.setenv("TIPLINE_PROXY_INCOMING", str(incoming))
        real_popen = sdclientapi.Popen

        def qrexec(args: list[str], **kwargs: Any) -> Any:
            # No Qubes here: the program the SDK runs as qrexec-client-vm is the emulated proxy.
            assert QREXEC == args[0]
            assert "securedrop.Proxy" == args[2]
            return real_popen([sys.executable, PROXY_SCRIPT, *args[1:]], **kwargs)

        monkeypatch.setattr(sdclientapi, "Popen", qrexec)
    return API(live_instance.journalist_url + "/", "reporter", created["passphrase"], code, proxy=mode == "proxy")


def _sources(live_instance: LiveInstance, count: int) -> list[LiveSource]:
    sources = []
    for number in range(count):
        source = LiveSource(live_instance.source_url)
        source.create_account()
        pdf = b"%PDF-1.4 the cell met on Tuesday " + bytes([number])
        assert 302 == source.submit(f"message {number}", [(SECRET_FILENAME, pdf, "application/pdf")])
        sources.append(source)
    return sources


def _age_decrypt(path: Path, identity: Path) -> bytes:
    """What the `age` CLI decrypts, without Tipline's padding (a no-op for the SDK's own replies)."""
    done = subprocess.run(["age", "-d", "-i", str(identity), str(path)], capture_output=True, check=True, timeout=30)
    return unpad(done.stdout)


def _saved(api: API, reported: str, tmp_path: Path) -> Path:
    """Where the SDK's download really is: in proxy mode it reports the Qubes path of the file."""
    if api.proxy:
        assert reported.startswith("/home/user/QubesIncoming/sd-proxy/")
        return tmp_path / "QubesIncoming" / Path(reported).name
    return Path(reported)


def test_every_sdk_method_works_against_tipline(
    live_instance: LiveInstance, sdk: API, tmp_path: Path, mode: str
) -> None:
    identity = tmp_path / "newsroom.key"
    identity.write_text(
        next(
            line
            for line in (live_instance.data_dir / "newsroom-identity.txt").read_text(encoding="utf-8").splitlines()
            if line.startswith("AGE-SECRET-KEY-")
        )
    )
    _sources(live_instance, 3)
    downloads = tmp_path / "downloads"
    downloads.mkdir()

    # --- authentication and users ---
    assert sdk.authenticate() is True
    me = sdk.get_current_user()
    assert ("reporter", sdk.token_journalist_uuid) == (me["username"], me["uuid"])
    assert (None, None) == (sdk.first_name, sdk.last_name)
    assert sdk.token_expiration is not None
    users = sdk.get_users()
    assert me["uuid"] in {user.uuid for user in users}
    assert all(user.first_name is None for user in users)

    # --- sources ---
    sources = sdk.get_sources()
    assert 3 == len(sources)
    first, second, third = sources
    for source in sources:
        assert "age" == source.key["type"]
        assert source.key["public"].startswith("age1")
        assert (1, 1, 2, False) == (
            source.number_of_messages,
            source.number_of_documents,
            source.interaction_count,
            source.is_flagged,
        )
    assert first.journalist_designation == sdk.get_source(first).journalist_designation
    assert second.uuid == sdk.get_source_from_string(second.uuid).uuid
    assert sdk.add_star(first) is True
    assert sdk.get_source(first).is_starred is True
    assert sdk.remove_star(first) is True
    assert sdk.get_source(first).is_starred is False
    assert sdk.flag_source(first) is True

    # --- submissions ---
    submissions = sdk.get_submissions(first)
    assert 2 == len(submissions)
    message = next(s for s in submissions if s.filename.endswith("-msg.age"))
    document = next(s for s in submissions if s.filename.endswith("-doc.age"))
    designation = first.journalist_designation
    assert "1-" + designation.replace("-", "_").replace(" ", "_") + "-msg.age" == message.filename
    assert "minutes" not in document.filename  # filenames reveal nothing a source chose
    assert message.uuid == sdk.get_submission(message).uuid
    assert document.size == sdk.get_submission_from_string(document.uuid, first.uuid).size
    assert 6 == len(sdk.get_all_submissions())
    assert {first.uuid} == {s.source_uuid for s in submissions}

    assert ([], False) == (message.seen_by, message.is_read)
    etag, reported = sdk.download_submission(message, str(downloads))
    saved = _saved(sdk, reported, tmp_path)
    assert "sha256:" + hashlib.sha256(saved.read_bytes()).hexdigest() == etag
    assert _age_decrypt(saved, identity) in {b"message 0", b"message 1", b"message 2"}
    # A download marks it seen by this journalist (SecureDrop's seen_by: journalists' uuids).
    assert ([me["uuid"]], True) == (sdk.get_submission(message).seen_by, sdk.get_submission(message).is_read)
    etag, reported = sdk.download_submission(document, str(downloads))
    saved = _saved(sdk, reported, tmp_path)
    assert "sha256:" + hashlib.sha256(saved.read_bytes()).hexdigest() == etag
    assert _age_decrypt(saved, identity).startswith(b"%PDF-1.4 the cell met")

    # --- replies: the uuid the client chose is the reply's ---
    newsroom_recipient = identity_recipient(identity)
    armored = encrypt_bytes(b"We read it.", [first.key["public"], newsroom_recipient], armored=True).decode()
    chosen = str(uuid.uuid4())
    reply = sdk.reply_source(first, armored, chosen)
    assert chosen == reply.uuid
    assert reply.filename.startswith("3-")
    assert reply.filename.endswith("-reply.age")
    replies = sdk.get_replies_from_source(first)
    assert [chosen] == [r.uuid for r in replies]
    assert (me["uuid"], "reporter", False) == (
        replies[0].journalist_uuid,
        replies[0].journalist_username,
        replies[0].is_deleted_by_source,
    )
    fetched = sdk.get_reply_from_source(first, chosen)
    assert first.uuid == fetched.source_uuid
    assert [chosen] == [r.uuid for r in sdk.get_all_replies()]
    etag, reported = sdk.download_reply(fetched, str(downloads))
    saved = _saved(sdk, reported, tmp_path)
    assert "sha256:" + hashlib.sha256(saved.read_bytes()).hexdigest() == etag
    assert b"We read it." == _age_decrypt(saved, identity)
    assert [me["uuid"]] == sdk.get_reply_from_source(first, chosen).seen_by

    # --- seen: all or nothing, and 404 for what does not exist ---
    unread = next(s for s in sdk.get_submissions(second) if s.filename.endswith("-msg.age"))
    assert ([], False) == (unread.seen_by, unread.is_read)
    assert "resources marked seen" in sdk.seen([document.uuid], [message.uuid, unread.uuid], [chosen])
    assert all(s.is_read for s in sdk.get_submissions(first))
    assert ([me["uuid"]], True) == (sdk.get_submission(unread).seen_by, sdk.get_submission(unread).is_read)
    with pytest.raises(WrongUUIDError):
        sdk.seen([], [str(uuid.uuid4())], [])
    with pytest.raises(WrongUUIDError):
        sdk.seen([message.uuid], [], [])  # a message is not a file

    # --- deletions, with SecureDrop's answers ---
    assert sdk.delete_reply(fetched) is True
    assert [] == sdk.get_replies_from_source(first)
    assert sdk.delete_submission(message) is True
    assert [document.uuid] == [s.uuid for s in sdk.get_submissions(first)]
    assert sdk.delete_conversation(second.uuid) is True
    assert [] == sdk.get_submissions(second)
    assert sdk.delete_source(first) is True
    assert sdk.delete_source_from_string(third.uuid) is True
    assert [second.uuid] == [s.uuid for s in sdk.get_sources()]
    with pytest.raises(WrongUUIDError):
        sdk.get_source(first)

    # --- logout: the token is dead, and the SDK hears "log in again" (403) ---
    assert sdk.logout() is True
    with pytest.raises(AuthError):
        sdk.get_sources()


def identity_recipient(identity: Path) -> str:
    done = subprocess.run(["age-keygen", "-y", str(identity)], capture_output=True, text=True, check=True, timeout=30)
    return done.stdout.strip()

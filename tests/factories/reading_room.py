"""A desk as `fetch` and `open` leave it, for the reading room: built directly and opened for real.

Two sources: a Korean one (a message, a photo carrying GPS and a camera serial, a colleague's reply
encrypted to the source and the newsroom, a colleague's note encrypted to the newsroom) and a
hostile one (a `<script>` message, a hostile filename, a file that cannot be cleaned). The inbox is
written as a server would leave it; `open` decrypts and cleans it with the real scrubbers (without
them every file is NOT CLEANED).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.factories import evidence, zygote
from tests.factories.desk_inbox import write_inbox
from tests.factories.live import TIPLINE
from tipline.crypto.age import encrypt_bytes, generate_identity
from tipline.desk import pins
from tipline.desk.notes_store import SERVER_NOTES, open_notes
from tipline.desk.opener import open_all
from tipline.desk.replies_store import SERVER_REPLIES, open_replies
from tipline.desk.store import DeskFolder, own_temporary_folder

KOREAN = "quiet-heron"
HOSTILE = "angry-otter"
KOREAN_MESSAGE = "단동의 무역회사가 세관원들에게 돈을 줍니다.\n다음 주에 더 보내겠습니다."
KOREAN_REPLY = "고맙습니다. 안전하게 지내십시오. 어느 항구입니까?"
COLLEAGUE = "park"
KOREAN_STATUS = "취재 중"
KOREAN_NOTE = "세관 기록과 대조할 것. <b>항구</b> 이름 확인."
SCRIPT_MESSAGE = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>'
HOSTILE_NAME = '<img src=x onerror=alert(1)>".txt'
UNCLEANABLE = "ledger.pdf"  # not a PDF: mat2 cannot clean it
LEDGER = "customs ledger.pdf"  # a real PDF with an author: cleaned, then previewed as page images


@dataclass(frozen=True)
class RoomDesk:
    desk: DeskFolder
    identity: str
    newsroom: str
    korean_uuid: str
    hostile_uuid: str
    reply_uuid: str


def _source_json(desk: DeskFolder, source_uuid: str, *, last: str, replies: int, status: str = "new") -> None:
    path = desk.source_inbox(source_uuid) / "source.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    body.update(
        status=status,
        last_updated=last,
        number_of_replies=replies,
        replies_url=f"/api/v1/sources/{source_uuid}/replies",
        url=f"/api/v1/sources/{source_uuid}",
    )
    path.write_text(json.dumps(body), encoding="utf-8")


def colleague_reply(desk: DeskFolder, source_uuid: str, recipients: list[str], text: str, day: str) -> str:
    """A reply a colleague sent from the web interface, as `fetch` keeps it."""
    reply_uuid = str(uuid.uuid4())
    folder = desk.source_inbox(source_uuid) / "replies"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{reply_uuid}.age").write_bytes(encrypt_bytes(text.encode("utf-8"), recipients))
    listed = [
        {
            "uuid": reply_uuid,
            "by": COLLEAGUE,
            "sent_on": day,
            "download_url": f"/api/v1/sources/{source_uuid}/replies/{reply_uuid}/download",
        }
    ]
    (desk.source_inbox(source_uuid) / SERVER_REPLIES).write_text(json.dumps(listed), encoding="utf-8")
    return reply_uuid


def colleague_note(desk: DeskFolder, source_uuid: str, newsroom: str, text: str, day: str) -> str:
    """A note a colleague wrote in the web interface (armored, to the newsroom), as `fetch` keeps it."""
    note_uuid = str(uuid.uuid4())
    folder = desk.source_inbox(source_uuid) / "notes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{note_uuid}.age").write_bytes(encrypt_bytes(text.encode("utf-8"), [newsroom], armored=True))
    listed = [{"uuid": note_uuid, "by": COLLEAGUE, "created_on": day}]
    (desk.source_inbox(source_uuid) / SERVER_NOTES).write_text(json.dumps(listed), encoding="utf-8")
    return note_uuid


def build(root: Path) -> RoomDesk:
    # DeskFolder.at points this process's TMPDIR into the desk (as the desk does for itself):
    # put it back after, for the rest of the test run (chromium's socket paths among others).
    with own_temporary_folder():
        return _build(root)


def _build(root: Path) -> RoomDesk:
    desk = DeskFolder.at(root)
    identity, newsroom = generate_identity()
    _source_identity, source_key = generate_identity()
    _hostile_identity, hostile_key = generate_identity()
    pins.pin_newsroom(desk, newsroom)

    korean = write_inbox(
        desk.root,
        newsroom,
        [(None, KOREAN_MESSAGE.encode("utf-8")), ("photo.jpg", evidence.jpeg_with_gps_and_serial())],
        received_on="2026-11-20T00:00:00",
        designation=KOREAN,
    )
    write_inbox(
        desk.root, newsroom, [(None, "두 번째 편지입니다.".encode()), (LEDGER, evidence.pdf_with_author())], korean,
        received_on="2026-11-24T00:00:00", designation=KOREAN,
    )  # fmt: skip
    _source_json(desk, korean, last="2026-11-24", replies=1, status=KOREAN_STATUS)
    pins.pin_source_key(desk, korean, source_key)
    reply_uuid = colleague_reply(desk, korean, [source_key, newsroom], KOREAN_REPLY, "2026-11-21")
    colleague_note(desk, korean, newsroom, KOREAN_NOTE, "2026-11-21")

    hostile = write_inbox(
        desk.root,
        newsroom,
        [
            (None, SCRIPT_MESSAGE.encode("utf-8")),
            (HOSTILE_NAME, b"<script>alert(2)</script>\n"),
            (UNCLEANABLE, b"%PDF-1.4 this is not really a PDF\x00\xff"),
        ],
        received_on="2026-11-22T00:00:00",
        designation=HOSTILE,
    )
    _source_json(desk, hostile, last="2026-11-22", replies=0)
    pins.pin_source_key(desk, hostile, hostile_key)

    open_all(desk, [identity])
    open_replies(desk, [identity])
    open_notes(desk, [identity])
    return RoomDesk(desk, identity, newsroom, korean, hostile, reply_uuid)


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def serving(desk_dir: Path, *args: str) -> Iterator[str]:
    """`tipline desk ui` in its own process, as a journalist starts it; yields the address it printed.

    A fork of the zygote (tests/factories/zygote.py) where it can be, its output kept in memory;
    else a new process. Either way Ctrl-C stops it, as in the journalist's terminal, even when this
    run was started with SIGINT ignored (a background job of a shell): else that is inherited, the
    SIGINT below does nothing, and each stop waits out its 20 s before the kill."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(desk_dir.parent), "PYTHONUNBUFFERED": "1"}
    argv = [TIPLINE, "desk", "ui", "--desk-dir", str(desk_dir), *args]
    with contextlib.ExitStack() as stack:
        if zygote.forks_allowed(env):
            streams = [os.memfd_create(name) for name in ("desk-ui-stdout", "desk-ui-stderr")]
            for fd in streams:
                stack.callback(os.close, fd)
            stdout, stderr = map(zygote.memory_path, streams)
            process: zygote.ServerProcess = zygote.zygote().spawn(
                argv, env=env, output=stdout, errors=stderr, interruptible=True
            )

            def printed() -> tuple[str, str]:
                out, err = map(zygote.memory_text, streams)
                return out, err
        else:
            popen = subprocess.Popen(
                argv,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                preexec_fn=_interruptible,  # noqa: PLW1509  (one signal call, no lock, before exec)
            )
            process = popen
            lines: list[str] = []

            def printed() -> tuple[str, str]:
                assert popen.stdout is not None
                assert popen.stderr is not None
                lines.append(popen.stdout.readline())
                return "".join(lines), popen.stderr.read() if popen.poll() is not None else ""

        try:
            deadline = time.monotonic() + 60
            url = ""
            while not url and time.monotonic() < deadline:
                out, _ = printed()
                url = next((line.strip() for line in out.splitlines() if line.strip().startswith("http://")), "")
                if not url and process.poll() is not None:
                    raise AssertionError(f"desk ui stopped: {printed()[1]}")
                if not url:
                    time.sleep(0.02)
            assert url, "desk ui printed no address"
            yield url
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
                interrupted = True
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
                interrupted = False
            if isinstance(process, subprocess.Popen):
                for stream in (process.stdout, process.stderr):
                    if stream is not None:
                        stream.close()
    assert interrupted, "desk ui did not stop on Ctrl-C (SIGINT) within 20 s"

"""Replies written on a desk that may not reach the server: encrypted here, sent later.

The reading room runs under the offline guard: it encrypts a reply at once to the keys pinned on
this desk (the source's, from its first fetch; the newsroom's) and leaves the ciphertext in
``outbox/``. `tipline desk sync` (or the reading room's sender, on a one-machine desk) uploads
it after checking that the server still names the same keys. The plaintext copy lies where the
replies sent from this desk lie, so the conversation shows it at once, marked "queued".

  outbox/<reply uuid>.json    {"source": uuid, "uuid": …, "armored": "-----BEGIN AGE…", "by": …}
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tipline.crypto.age import EncryptionError, encrypt_bytes
from tipline.desk.client import ApiClient
from tipline.desk.errors import DeskError, KeyChanged, UntrustedValue
from tipline.desk.pins import key_changed_message, newsroom_recipient, pinned_source_key
from tipline.desk.replies_store import reply_text_path
from tipline.desk.reply import find_live_source, reply_to
from tipline.desk.store import DeskFolder, read_json, write_json
from tipline.desk.untrusted import checked_uuid

OUTBOX = "outbox"


@dataclass(frozen=True)
class Queued:
    uuid: str
    designation: str


@dataclass
class OutboxResult:
    sent: list[str] = dataclasses.field(default_factory=list)
    failed: list[str] = dataclasses.field(default_factory=list)


def outbox_folder(desk: DeskFolder) -> Path:
    folder = desk.inside(desk.root / OUTBOX)
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder


def _by(desk: DeskFolder) -> str:
    try:
        return desk.login().username
    except DeskError:
        return ""  # a two-machine desk holds no login


def queue_reply(desk: DeskFolder, wanted: str, text: str) -> Queued:
    """Encrypt a reply to SOURCE's pinned key and the newsroom's, and keep it in the outbox."""
    local, source_uuid = reply_to(desk, wanted, text)
    designation = local.name
    try:
        armored = encrypt_bytes(
            text.encode("utf-8"), [pinned_source_key(desk, source_uuid), newsroom_recipient(desk)], armored=True
        ).decode("ascii")
    except EncryptionError as error:
        raise DeskError(str(error)) from None
    reply_uuid = str(uuid.uuid4())
    by = _by(desk)
    copy = reply_text_path(desk, local, reply_uuid)
    copy.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    copy.write_text(text, encoding="utf-8")
    copy.chmod(0o600)
    write_json(
        desk.inside(outbox_folder(desk) / f"{reply_uuid}.json"),
        {"source": source_uuid, "uuid": reply_uuid, "armored": armored, "by": by},
    )
    desk.record_reply(
        source_uuid,
        {
            "uuid": reply_uuid,
            "sent_on": datetime.datetime.now(datetime.UTC).date().isoformat(),
            "by": by,
            "characters": len(text),
            "saved_as": f"replies/{copy.name}",
            "queued": True,
        },
    )
    return Queued(reply_uuid, designation)


def queued(desk: DeskFolder) -> list[dict[str, Any]]:
    folder = desk.root / OUTBOX
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            body = read_json(path)
        except (OSError, ValueError):
            continue
        if isinstance(body, dict):
            found.append(body | {"path": path})
    return found


def _mark_sent(desk: DeskFolder, source_uuid: str, reply_uuid: str) -> None:
    replies = desk.replies_of(source_uuid)
    for reply in replies:
        if reply.get("uuid") == reply_uuid:
            reply.pop("queued", None)
    write_json(desk.inside(desk.source_inbox(source_uuid) / "replies.json"), replies)


def _send_one(client: ApiClient, desk: DeskFolder, item: dict[str, Any]) -> None:
    source_uuid = checked_uuid(item.get("source"), "source id")
    reply_uuid = checked_uuid(item.get("uuid"), "reply id")
    armored = item.get("armored")
    if not isinstance(armored, str) or not armored.startswith("-----BEGIN AGE ENCRYPTED FILE-----"):
        raise DeskError(f"outbox item {reply_uuid} holds no armored ciphertext")
    local = desk.find_source(source_uuid)
    designation = local.name
    # Encrypted to the pins when it was written: send only if the server still names the same keys.
    source_key = pinned_source_key(desk, source_uuid)
    record, live = find_live_source(client, source_uuid)
    if live.key != source_key:
        raise KeyChanged(key_changed_message(designation, source_key, str(live.key)))
    root = client.request_json("GET", "/api/v1/")
    announced = root.get("newsroom_recipient") if isinstance(root, dict) else None
    if announced != newsroom_recipient(desk):
        raise KeyChanged("the server announces another newsroom recipient than this desk's: not sending")
    own_url = dataclasses.replace(record, replies_url=f"/api/v1/sources/{source_uuid}/replies")
    stored = checked_uuid(client.reply(own_url, armored, reply_uuid))
    if stored != reply_uuid:
        raise UntrustedValue(f"the server stored the reply under another id ({stored}) than this desk's")
    _mark_sent(desk, source_uuid, reply_uuid)


def send_outbox(client: ApiClient, desk: DeskFolder) -> OutboxResult:
    """Upload every queued reply; each one that went is removed from the outbox."""
    result = OutboxResult()
    for item in queued(desk):
        path: Path = item.pop("path")
        try:
            _send_one(client, desk, item)
        except DeskError as error:
            result.failed.append(f"{str(item.get('uuid'))[:36]}: {error}")
            continue
        path.unlink(missing_ok=True)
        result.sent.append(str(item["uuid"]))
    return result

"""Replies: encrypted here, to the source and the newsroom; the server gets only ciphertext."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from dataclasses import dataclass

from tipline.contract.records import SourceRecord
from tipline.crypto.age import EncryptionError, encrypt_bytes
from tipline.crypto.padding import pad_small
from tipline.desk.client import ApiClient
from tipline.desk.errors import DeskError, KeyChanged, UntrustedValue
from tipline.desk.filenames import create_exclusive
from tipline.desk.kept import KeptSource, checked_source
from tipline.desk.opener import source_folder
from tipline.desk.pins import key_changed_message, newsroom_recipient, pinned_source_key
from tipline.desk.store import DeskFolder
from tipline.desk.untrusted import checked_uuid

MAX_REPLY_CHARS = 100_000


@dataclass(frozen=True)
class SentReply:
    uuid: str
    designation: str


def find_live_source(client: ApiClient, source_uuid: str) -> tuple[SourceRecord, KeptSource]:
    """The source as the server lists it now, by uuid: the record, and its fields as checked
    like everything the server says (T9)."""
    for item in client.source_items():
        if item.record is not None and item.record.uuid == source_uuid:
            return item.record, checked_source(item.raw)
    raise DeskError(f"the server knows no valid source {source_uuid}")


def reply_to(desk: DeskFolder, wanted: str, text: str) -> tuple[KeptSource, str]:
    """The source on this desk that a reply (sent now or queued) answers, and its checked uuid;
    refuses an empty reply or one longer than ``MAX_REPLY_CHARS``."""
    if not text.strip():
        raise DeskError("the reply is empty")
    if len(text) > MAX_REPLY_CHARS:
        raise DeskError(f"the reply is longer than {MAX_REPLY_CHARS} characters")
    local = desk.find_source(wanted)
    return local, checked_uuid(local.uuid, "source id")


def send_reply(client: ApiClient, desk: DeskFolder, wanted: str, text: str) -> SentReply:
    # Who to answer, and the keys to encrypt to, come from this desk: the source as fetched,
    # its key as pinned at the first fetch, the newsroom's recipient as configured (T9).
    local, source_uuid = reply_to(desk, wanted, text)
    designation = local.name
    source_key = pinned_source_key(desk, source_uuid)
    newsroom = newsroom_recipient(desk)
    record, live = find_live_source(client, source_uuid)
    if live.key != source_key:
        raise KeyChanged(key_changed_message(designation, source_key, str(live.key)))
    root = client.request_json("GET", "/api/v1/")
    announced = root.get("newsroom_recipient") if isinstance(root, dict) else None
    if announced != newsroom:
        raise KeyChanged(
            f"the server announces another newsroom recipient ({str(announced)[:16]}…) than this desk's "
            f"({newsroom[:16]}…): the server may be compromised. Not sending. If the newsroom changed its "
            "key, set the new one from the newsroom's own record: `tipline desk pins --newsroom-recipient AGE1…`."
        )
    try:
        # To the newsroom too, so that every desk holding the newsroom identity can read it later;
        # padded inside the encryption, so that its stored size says nothing of its length.
        padded = pad_small(text.encode("utf-8"))
        armored = encrypt_bytes(padded, [source_key, newsroom], armored=True).decode("ascii")
    except EncryptionError as error:
        raise DeskError(str(error)) from None
    # The upload goes to this source's own replies URL (checked), under a uuid this desk chose
    # (SecureDrop's optional "uuid"); the server must say it stored exactly that one.
    reply_uuid = str(uuid.uuid4())
    own_url = dataclasses.replace(record, replies_url=f"/api/v1/sources/{source_uuid}/replies")
    stored = checked_uuid(client.reply(own_url, armored, reply_uuid))
    if stored != reply_uuid:
        raise UntrustedValue(f"the server stored the reply under another id ({stored}) than this desk's ({reply_uuid})")
    # What we sent stays readable on this desk, under the desk folder like every plaintext.
    folder = desk.inside(source_folder(desk, local) / "replies")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    copy = desk.inside(create_exclusive(folder, f"{reply_uuid}.txt"))
    copy.write_text(text, encoding="utf-8")
    desk.record_reply(
        source_uuid,
        {
            "uuid": reply_uuid,
            "sent_on": datetime.datetime.now(datetime.UTC).date().isoformat(),
            "by": desk.login().username,
            "characters": len(text),
            "saved_as": f"replies/{copy.name}",
        },
    )
    return SentReply(uuid=reply_uuid, designation=designation)

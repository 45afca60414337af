"""Replies: encrypted here, to the source and the newsroom; the server gets only ciphertext."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tipline.contract.records import SourceRecord
from tipline.crypto.age import EncryptionError, encrypt_bytes, is_valid_recipient
from tipline.desk.client import ApiClient
from tipline.desk.filenames import create_exclusive
from tipline.desk.opener import source_folder
from tipline.desk.store import DeskError, DeskFolder

MAX_REPLY_CHARS = 100_000


@dataclass(frozen=True)
class SentReply:
    uuid: str
    designation: str


def find_live_source(client: ApiClient, wanted: str) -> SourceRecord:
    """SOURCE as a designation or uuid, looked up on the server (its recipient is current)."""
    for source in client.sources():
        if wanted in (source.uuid, source.journalist_designation):
            return source
    raise DeskError(f"the server knows no source {wanted!r}")


def send_reply(client: ApiClient, desk: DeskFolder, wanted: str, text: str) -> SentReply:
    if not text.strip():
        raise DeskError("the reply is empty")
    if len(text) > MAX_REPLY_CHARS:
        raise DeskError(f"the reply is longer than {MAX_REPLY_CHARS} characters")
    source = find_live_source(client, wanted)
    newsroom = client.newsroom_recipient()
    source_key = source.age_recipient
    if not (is_valid_recipient(source_key) and is_valid_recipient(newsroom)):
        raise DeskError("the server sent an invalid age recipient: not encrypting to it")
    try:
        # To the newsroom too, so that every desk holding the newsroom identity can read it later.
        armored = encrypt_bytes(text.encode("utf-8"), [source_key, newsroom], armored=True).decode("ascii")
    except EncryptionError as error:
        raise DeskError(str(error)) from None
    reply_uuid = client.reply(source, armored)
    designation = source.journalist_designation
    # What we sent stays readable on this desk, under the desk folder like every plaintext.
    folder = source_folder(desk, {"journalist_designation": designation, "uuid": source.uuid}) / "replies"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    copy = create_exclusive(folder, f"{reply_uuid}.txt")
    copy.write_text(text, encoding="utf-8")
    desk.record_reply(
        source.uuid,
        {
            "uuid": reply_uuid,
            "sent_on": datetime.datetime.now(datetime.UTC).date().isoformat(),
            "by": desk.login().username,
            "characters": len(text),
            "saved_as": f"replies/{copy.name}",
        },
    )
    return SentReply(uuid=reply_uuid, designation=designation)

"""Every reply of a conversation on this desk: sent from here, queued here, or written by a colleague.

Replies are encrypted to the source and to the newsroom, so a desk holding the newsroom identity
can read any colleague's. Fetch (online) keeps the server's list and the ciphertexts; open
(offline) decrypts them beside the replies this desk sent::

  inbox/<source uuid>/server-replies.json    the replies as the server listed them, checked
  inbox/<source uuid>/replies/<uuid>.age     their ciphertext (SHA-256 checked)
  sources/<designation>/replies/<uuid>.txt   the text: sent from here, queued, or decrypted
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tipline.contract.records import ReplyRecord
from tipline.desk.client import ApiClient
from tipline.desk.errors import DeskError, UntrustedValue
from tipline.desk.fetched_texts import FetchedTexts, checked_authored
from tipline.desk.kept import KeptSource
from tipline.desk.store import DeskFolder, write_json
from tipline.desk.untrusted import checked_api_path, checked_day, checked_text, checked_uuid

SERVER_REPLIES = "server-replies.json"
MAX_REPLY_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ReplyText:
    uuid: str
    day: str
    by: str
    text: str | None  # None: fetched, not decrypted yet (run open)
    own: bool  # sent (or queued) from this desk
    queued: bool = False


def checked_reply(raw: Any) -> dict[str, Any]:
    return checked_authored(raw, "reply") | {
        "sent_on": checked_day(raw.get("sent_on"), "reply day"),
        "download_url": checked_api_path(raw.get("download_url"), "reply download URL"),
    }


def _listed_reply(record: ReplyRecord | None, error: str | None) -> dict[str, Any]:
    """A reply of the server's list, as the contract parsed it, each field the desk keeps checked
    again (T9); its entry in server-replies.json."""
    if record is None:
        raise UntrustedValue(f"the server sent an invalid reply: {error}")
    username = record.journalist_username
    return {
        "uuid": checked_uuid(record.uuid, "reply id"),
        "by": "" if username is None else checked_text(username, "reply author", 100),
        "sent_on": record.sent_on.isoformat(),
        "download_url": checked_api_path(record.download_url, "reply download URL"),
    }


def fetch_replies(client: ApiClient, desk: DeskFolder, source: KeptSource) -> tuple[int, list[str]]:
    """Download the replies of one source not yet on this desk; (downloaded, failures)."""
    source_uuid = checked_uuid(source.uuid, "source id")
    listed = client.reply_items(checked_api_path(source.replies_url, "replies URL"))
    replies = [_listed_reply(item.record, item.error) for item in listed]
    folder = desk.inside(desk.source_inbox(source_uuid) / "replies")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_json(desk.inside(desk.source_inbox(source_uuid) / SERVER_REPLIES), replies)
    downloaded, failed = 0, []
    for reply in replies:
        target = desk.inside(folder / f"{reply['uuid']}.age")
        if target.exists():
            continue
        try:
            client.download(reply["download_url"], target)
        except DeskError as error:
            failed.append(f"reply {reply['uuid']}: {error}")
            continue
        downloaded += 1
    return downloaded, failed


REPLIES = FetchedTexts("reply", "replies", SERVER_REPLIES, checked_reply, MAX_REPLY_BYTES)
reply_text_path = REPLIES.text_path  # where a reply's text is kept, sent from here or decrypted


def open_replies(desk: DeskFolder, identities: list[str]) -> tuple[int, list[str]]:
    """Offline: decrypt every fetched reply not yet decrypted; (opened, failures)."""
    return REPLIES.open(desk, identities)


def replies_on_desk(desk: DeskFolder, source: KeptSource) -> list[ReplyText]:
    """Every reply this desk knows of, oldest first: the server's list, plus what this desk sent or
    queued (the server's list may not have them yet)."""
    source_uuid = checked_uuid(source.uuid, "source id")
    own = {str(r.get("uuid")): r for r in desk.replies_of(source_uuid)}
    found: dict[str, ReplyText] = {}
    for reply in REPLIES.kept(desk, source_uuid):
        text = REPLIES.read_text(desk, source, reply["uuid"])
        found[reply["uuid"]] = ReplyText(reply["uuid"], reply["sent_on"], reply["by"], text, own=reply["uuid"] in own)
    for reply_uuid, mine in own.items():
        if reply_uuid in found:
            continue
        try:
            text = REPLIES.read_text(desk, source, reply_uuid)
        except (UntrustedValue, DeskError):
            continue
        found[reply_uuid] = ReplyText(
            reply_uuid,
            str(mine.get("sent_on", ""))[:10],
            str(mine.get("by", "")),
            text,
            own=True,
            queued=bool(mine.get("queued")),
        )
    return sorted(found.values(), key=lambda r: r.day)

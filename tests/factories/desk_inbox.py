"""An inbox as `desk fetch` leaves it, built directly: what a (possibly hostile) server could send.

The manifest is encrypted to the newsroom's public recipient, which anyone can do: the desk must
treat every name in it as hostile.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from tipline.crypto.age import encrypt_bytes
from tipline.crypto.padding import pad_file_bytes, pad_small
from tipline.submissions.manifest import Manifest, ManifestAnswer, ManifestItem

DESIGNATION = "quiet-heron"


def write_inbox(
    desk_dir: Path,
    recipient: str,
    files: list[tuple[str | None, bytes]],
    source_uuid: str | None = None,
    *,
    received_on: str = "2026-11-26T00:00:00",
    designation: str = DESIGNATION,
    answers: tuple[ManifestAnswer, ...] = (),
    padded: bool = False,
) -> str:
    """One batch of one source (a new one unless source_uuid is given); files are (manifest
    filename or None for a message, plaintext). ``padded``: framed and padded as the server does
    now; else as before padding. Returns the source uuid."""
    source_uuid, batch_uuid = source_uuid or str(uuid.uuid4()), str(uuid.uuid4())
    batch = desk_dir / "inbox" / source_uuid / batch_uuid
    batch.mkdir(parents=True)
    index = desk_dir / "inbox" / source_uuid / "source.json"
    earlier = json.loads(index.read_text(encoding="utf-8"))["submissions"] if index.exists() else []
    items, submissions = [], list(earlier)
    for filename, plaintext in files:
        submission_uuid = str(uuid.uuid4())
        kind = "message" if filename is None else "file"
        framed = (pad_small if filename is None else pad_file_bytes)(plaintext) if padded else plaintext
        (batch / f"{submission_uuid}.age").write_bytes(encrypt_bytes(framed, [recipient]))
        items.append(ManifestItem(submission_uuid, kind, filename, None, len(plaintext)))
        submissions.append(
            {"uuid": submission_uuid, "kind": kind, "batch_uuid": batch_uuid, "received_on": received_on}
        )
    manifest = Manifest(batch=batch_uuid, items=tuple(items), answers=answers, answers_language="ko" if answers else "")
    listing = pad_small(manifest.to_json()) if padded else manifest.to_json()
    (batch / "manifest.age").write_bytes(encrypt_bytes(listing, [recipient]))
    source = {
        "uuid": source_uuid,
        "journalist_designation": designation,
        "last_updated": "2026-11-26T00:00:00",
        "number_of_replies": 0,
        "submissions": submissions,
    }
    index.write_text(json.dumps(source), encoding="utf-8")
    return source_uuid

"""The offline half: decrypt what fetch downloaded, restore filenames, write cleaned copies.

Reads only the desk folder and the identity file; writes only under sources/. Callers install
tipline.desk.offline.forbid_network() first.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipline.crypto.age import DecryptionError, decrypt_bytes, decrypt_stream
from tipline.crypto.padding import PaddingError, UnpaddingSink, unpad
from tipline.desk.errors import DeskError
from tipline.desk.filenames import create_exclusive, safe_name
from tipline.desk.kept import KeptSource, KeptSubmission
from tipline.desk.report import REPORT_JSON, RESERVED_NAMES, write_reports
from tipline.desk.scrub import NOT_CLEANED, PLAIN_TEXT, CleanResult, clean_file, cleaned_name
from tipline.desk.store import DeskFolder, canonical_uuid
from tipline.desk.untrusted import checked_day, without_invisible
from tipline.submissions.manifest import Manifest, ManifestItem

NOT_DECRYPTED = "NOT DECRYPTED"


@dataclass
class OpenResult:
    batches: int = 0
    files: int = 0
    not_cleaned: list[str] = field(default_factory=list)
    skipped: int = 0
    incomplete: list[str] = field(default_factory=list)
    not_decrypted: list[str] = field(default_factory=list)


def read_identities(path: Path) -> list[str]:
    """age identities from an identity file (comments and blank lines ignored)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DeskError(f"cannot read the identity file: {error}") from None
    identities = [line.strip() for line in lines if line.strip().startswith("AGE-SECRET-KEY-")]
    if not identities:
        raise DeskError(f"{path} holds no age identity (AGE-SECRET-KEY-…)")
    return identities


def source_folder(desk: DeskFolder, source: KeptSource) -> Path:
    name = safe_name(source.journalist_designation, fallback=canonical_uuid(source.uuid))
    return desk.inside(desk.sources / name)


def batch_folder_name(batch_uuid: str, received_on: str) -> str:
    # Day granularity is all the server keeps (T1); it sorts the folders by arrival. Both parts
    # come from the server: a strict day and a canonical UUID, never "../" or an absolute path.
    return f"{checked_day(received_on, 'day of arrival')}_{canonical_uuid(batch_uuid)}"


def open_all(desk: DeskFolder, identities: list[str], on_batch: Callable[[int, int], None] | None = None) -> OpenResult:
    """Open every batch not opened yet; ``on_batch(done, total)`` is told before each (progress)."""
    result = OpenResult()
    work: list[tuple[KeptSource, str, str, list[KeptSubmission]]] = []
    for source in desk.known_sources():
        source_uuid = canonical_uuid(source.uuid)
        batches: dict[str, list[KeptSubmission]] = {}
        for submission in source.submissions:
            batches.setdefault(canonical_uuid(submission.batch_uuid), []).append(submission)
        work += [(source, source_uuid, batch_uuid, submissions) for batch_uuid, submissions in batches.items()]
    for done, (source, source_uuid, batch_uuid, submissions) in enumerate(work):
        if on_batch is not None:
            on_batch(done, len(work))
        _open_batch(
            desk,
            source=source,
            source_uuid=source_uuid,
            batch_uuid=batch_uuid,
            submissions=submissions,
            identities=identities,
            result=result,
        )
    if on_batch is not None:
        on_batch(len(work), len(work))
    return result


def _open_batch(
    desk: DeskFolder,
    *,
    source: KeptSource,
    source_uuid: str,
    batch_uuid: str,
    submissions: list[KeptSubmission],
    identities: list[str],
    result: OpenResult,
) -> None:
    inbox = desk.batch_inbox(source_uuid, batch_uuid)
    received_on = min(s.received_on for s in submissions).isoformat()
    folder = desk.inside(source_folder(desk, source) / batch_folder_name(batch_uuid, received_on))
    if (folder / REPORT_JSON).exists():
        result.skipped += 1
        return
    wanted = {canonical_uuid(s.uuid) for s in submissions}
    missing = [u for u in sorted(wanted) if not (inbox / f"{u}.age").exists()]
    if not (inbox / "manifest.age").exists() or missing:
        result.incomplete.append(f"{source.journalist_designation}/{batch_uuid}")
        return
    try:
        manifest = Manifest.from_json(unpad(decrypt_bytes((inbox / "manifest.age").read_bytes(), identities)))
    except (DecryptionError, ValueError, KeyError) as error:  # PaddingError is a ValueError
        raise DeskError(f"cannot decrypt the manifest of batch {batch_uuid}: {error}") from None
    if manifest.batch != batch_uuid:
        raise DeskError(f"the manifest of batch {batch_uuid} names another batch: refusing it")
    listed = {item.submission: item for item in manifest.items}

    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    entries = []
    for submission_uuid in sorted(wanted, key=lambda u: _order(listed, u)):
        item = listed.get(submission_uuid)
        entries.append(
            _open_one(
                desk,
                ciphertext=inbox / f"{submission_uuid}.age",
                folder=folder,
                submission_uuid=submission_uuid,
                item=item,
                identities=identities,
            )
        )
        result.files += 1
        if entries[-1]["status"] == NOT_CLEANED:
            result.not_cleaned.append(f"{folder.relative_to(desk.root)}/{entries[-1]['saved_as']}")
        elif entries[-1]["status"] == NOT_DECRYPTED:
            result.not_decrypted.append(f"{folder.relative_to(desk.root)}: submission {submission_uuid}")
    write_reports(folder, source, batch_uuid, received_on, entries, manifest=manifest)
    result.batches += 1


def _order(listed: dict[str, ManifestItem], submission_uuid: str) -> int:
    items = list(listed)
    return items.index(submission_uuid) if submission_uuid in listed else len(items)


def _open_one(
    desk: DeskFolder,
    *,
    ciphertext: Path,
    folder: Path,
    submission_uuid: str,
    item: ManifestItem | None,
    identities: list[str],
) -> dict[str, Any]:
    kind = item.kind if item else "file"
    wanted_name = "message.txt" if kind == "message" else safe_name(item.filename if item else None)
    original = desk.inside(create_exclusive(folder, wanted_name, RESERVED_NAMES))
    entry: dict[str, Any] = {
        "submission": submission_uuid,
        "kind": kind,
        # The untrusted name, escaped, so the journalist sees what was claimed.
        "name_in_manifest": None if item is None or item.filename is None else ascii(item.filename)[:300],
        "content_type_in_manifest": None if item is None else without_invisible(item.content_type or "")[:200],
    }
    try:
        with ciphertext.open("rb") as source, original.open("wb") as sink:
            # The padding (crypto/padding.py) is cut off here, the only place it can be read.
            content = UnpaddingSink(sink)
            decrypt_stream(source, content, identities)
            content.finish()
    except (DecryptionError, OSError, PaddingError) as error:
        # A half-written plaintext is worse than none: remove it, record why, go on with the rest.
        original.unlink(missing_ok=True)
        return entry | {"status": NOT_DECRYPTED, "saved_as": None, "cleaned_as": None, "notes": [str(error)[:200]]}
    os.chmod(original, 0o600)
    entry.update(size=original.stat().st_size, saved_as=original.name)
    if item is None:
        entry["notes"] = ["not listed in the batch manifest"]
    if kind == "message":
        # The manifest's "kind" is not proof: only real text is passed as a plain-text message.
        if _is_utf8_text(original):
            entry.update(status=PLAIN_TEXT, cleaned_as=None, removed=[], notes=["a message: plain text"])
        else:
            entry.update(status=NOT_CLEANED, cleaned_as=None, removed=[], notes=["called a message but not text"])
        return entry
    target = desk.inside(create_exclusive(folder, cleaned_name(original.name), RESERVED_NAMES))
    cleaned: CleanResult = clean_file(original, target, desk.tmp)
    entry.update(
        status=cleaned.status,
        cleaned_as=cleaned.cleaned_path.name if cleaned.cleaned_path else None,
        removed=cleaned.removed,
        notes=[*entry.get("notes", []), *cleaned.notes],
    )
    return entry


def _is_utf8_text(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return False
    return True


def batch_reports(desk: DeskFolder, source: KeptSource) -> list[dict[str, Any]]:
    """Every report.json written for this source, oldest first."""
    reports = []
    for path in sorted(source_folder(desk, source).glob(f"*/{REPORT_JSON}")):
        try:
            reports.append(json.loads(path.read_text(encoding="utf-8")) | {"folder": path.parent.name})
        except (OSError, ValueError):
            continue
    return reports

"""The online half: download every new ciphertext and manifest, verified, never decrypted.

Fetch needs no identity and holds none; what it writes under inbox/ is ciphertext and the
server's listing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from tipline.contract.records import SubmissionRecord
from tipline.desk.client import ApiClient, Listed
from tipline.desk.errors import DeskError, SyncExpired, UntrustedValue
from tipline.desk.kept import KeptSource, KeptSubmission, checked_source, checked_submission, source_file
from tipline.desk.pins import key_changed_message, pin_source_key
from tipline.desk.store import DeskFolder, read_json, write_json
from tipline.desk.untrusted import checked_uuid

SYNC_FILE = "sync.json"


@dataclass
class FetchResult:
    sources: int = 0
    downloaded: int = 0
    skipped: int = 0
    bytes: int = 0
    failed: list[str] = field(default_factory=list)
    # Sources skipped because the server described them with invalid fields (T9).
    refused: list[str] = field(default_factory=list)
    # Sources whose key the server now gives differently from the pin (the pin is kept).
    key_changed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Job:
    label: str
    url: str
    target: Path
    size: int


def _jobs(desk: DeskFolder, source_uuid: str, submissions: list[KeptSubmission]) -> list[_Job]:
    """The downloads of checked submissions, each target checked to lie inside the desk folder."""
    jobs: list[_Job] = []
    batches: dict[str, str] = {}
    for submission in submissions:
        # checked_submission made sure of both URLs: never None here.
        download_url, manifest_url = submission.download_url or "", submission.manifest_url or ""
        batch_folder = desk.inside(desk.batch_inbox(source_uuid, submission.batch_uuid))
        batch_folder.mkdir(exist_ok=True, mode=0o700)
        batches[submission.batch_uuid] = manifest_url
        target = desk.inside(batch_folder / f"{submission.uuid}.age")
        jobs.append(_Job(target.name, download_url, target, submission.size))
    for batch_uuid, manifest_url in batches.items():
        target = desk.inside(desk.batch_inbox(source_uuid, batch_uuid) / "manifest.age")
        jobs.append(_Job(f"{batch_uuid} manifest", manifest_url, target, 0))
    return jobs


Kept = TypeVar("Kept", KeptSource, KeptSubmission)


def _checked(item: Listed[Any], check: Callable[[Any], Kept]) -> Kept:
    """The desk's own checks first (their reasons name the field in the journalist's words),
    then the contract's: the record kept is valid both ways."""
    checked = check(item.raw)
    if item.record is None:
        raise UntrustedValue(f"the server sent an invalid record: {item.error}")
    return checked


def _sync_cursor(desk: DeskFolder, server: str) -> int:
    """Where the last fetch from this server stopped (0: fetch everything)."""
    path = desk.inbox / SYNC_FILE
    try:
        saved = read_json(path)
    except (OSError, ValueError):
        return 0
    cursor = saved.get("submissions_cursor") if isinstance(saved, dict) else None
    same_server = isinstance(saved, dict) and saved.get("server") == server
    return cursor if same_server and isinstance(cursor, int) and not isinstance(cursor, bool) else 0


def _changed_submissions(
    items: list[Listed[SubmissionRecord]], result: FetchResult
) -> tuple[dict[str, dict[str, KeptSubmission]], dict[str, str]]:
    """The checked submissions by source; and, by source, why one of its submissions was refused."""
    by_source: dict[str, dict[str, KeptSubmission]] = {}
    lying: dict[str, str] = {}
    for item in items:
        raw_source = item.raw.get("source_uuid") if isinstance(item.raw, dict) else None
        try:
            source_uuid = checked_uuid(raw_source, "source id")
        except UntrustedValue as error:
            shown = item.raw.get("uuid") if isinstance(item.raw, dict) else None
            result.refused.append(f"submission {ascii(shown)[:40]}: {error}")
            continue
        try:
            submission = _checked(item, checked_submission)
        except UntrustedValue as error:
            lying.setdefault(source_uuid, str(error))
            continue
        by_source.setdefault(source_uuid, {})[submission.uuid] = submission
    return by_source, lying


def _kept_submissions(folder: Path) -> dict[str, KeptSubmission]:
    """What an earlier fetch kept in source.json, checked again in full, as fetch checks what the
    server sends (the file may come from anywhere)."""
    kept = read_json(folder / "source.json")
    listed = kept.get("submissions", []) if isinstance(kept, dict) else None
    if not isinstance(listed, list):
        raise UntrustedValue("source.json on this desk holds no list of submissions")
    checked = [checked_submission(s) for s in listed]
    return {s.uuid: s for s in checked}


def capped_advance(progress: Progress, task: TaskID, weight: int) -> Callable[[int], None]:
    """A download's progress callback that moves the bar by at most ``weight`` in all."""
    counted = 0

    def advance(n: int) -> None:
        nonlocal counted
        step = min(n, weight - counted)
        if step > 0:
            counted += step
            progress.advance(task, step)

    return advance


def fetch(client: ApiClient, desk: DeskFolder, console: Console) -> FetchResult:
    """Every source (all pages), and every submission that changed since the last fetch (the
    server's ?since= sync, which never skips one), then the downloads still missing.

    Every field is checked before it is used or kept: a server taken over may lie (T9). A source
    described with an invalid field (or with an invalid submission) is refused alone, by name; the
    others are fetched. The sync cursor moves on only when nothing was refused, so that what was
    refused is asked again next time."""
    result = FetchResult()
    desk.inside(desk.inbox).mkdir(parents=True, exist_ok=True, mode=0o700)
    cursor = _sync_cursor(desk, client.server)
    try:
        changed, next_cursor = client.submission_items_since(cursor)
    except SyncExpired:
        # Not fetched for longer than the server keeps deletions: everything again, from 0 (each
        # source.json is then written from the server's list alone; files already here stay).
        cursor = 0
        changed, next_cursor = client.submission_items_since(cursor)
    by_source, lying = _changed_submissions(changed, result)
    jobs: list[_Job] = []
    for item in client.source_items():
        try:
            source = _checked(item, checked_source)
            source_uuid = source.uuid
            if source_uuid in lying:
                raise UntrustedValue(lying[source_uuid])
            folder = desk.inside(desk.source_inbox(source_uuid))
            known: dict[str, KeptSubmission] = {}
            if cursor and (folder / "source.json").exists():
                known = _kept_submissions(folder)
        except UntrustedValue as error:
            shown = item.raw.get("uuid") if isinstance(item.raw, dict) else None
            result.refused.append(f"source {ascii(shown)[:40]}: {error}")
            continue
        key = source.key or ""  # checked_source made sure of it
        pinned = pin_source_key(desk, source_uuid, key)
        if pinned is not None:
            result.key_changed.append(key_changed_message(source.journalist_designation, pinned, key))
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        known.update(by_source.get(source_uuid, {}))
        submissions = sorted(known.values(), key=lambda s: (s.received_on, s.uuid))
        kept = dataclasses.replace(source, submissions=tuple(submissions))
        write_json(desk.inside(folder / "source.json"), source_file(kept))
        result.sources += 1
        jobs += _jobs(desk, source_uuid, submissions)
    saved = next_cursor if not result.refused else cursor
    write_json(desk.inside(desk.inbox / SYNC_FILE), {"server": client.server, "submissions_cursor": saved})

    # A file exists under its final name only after its SHA-256 matched: skip those.
    pending = [job for job in jobs if not job.target.exists()]
    result.skipped = len(jobs) - len(pending)
    if not pending:
        console.print("nothing new")
        return result
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    # Each job counts for its announced size (a manifest, of unknown size, for one byte) and never
    # for more: a server's size may be short, and a resumed download repeats its first bytes.
    weights = [max(job.size, 1) for job in pending]
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("fetching", total=sum(weights))
        finished = 0
        for job, weight in zip(pending, weights, strict=True):
            progress.update(task, description=job.label[:40])
            try:
                done = client.download(job.url, job.target, capped_advance(progress, task, weight))
            except DeskError as error:
                result.failed.append(f"{job.label}: {error}")
                continue
            finally:
                finished += weight
                progress.update(task, completed=finished)
            result.downloaded += 1
            result.bytes += done.path.stat().st_size - done.resumed_from
        progress.update(task, description="fetched")
    return result

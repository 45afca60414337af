"""The online half: download every new ciphertext and manifest, verified, never decrypted.

Fetch needs no identity and holds none; what it writes under inbox/ is ciphertext and the
server's listing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from tipline.contract.codec import to_json
from tipline.contract.records import SourceRecord
from tipline.desk.client import ApiClient
from tipline.desk.store import DeskError, DeskFolder, canonical_uuid, read_json, write_json

_SOURCE_FIELDS = (
    "uuid",
    "journalist_designation",
    "number_of_submissions",
    "number_of_replies",
    "created_on",
    "last_updated",
    "url",
    "submissions_url",
    "replies_url",
)
_SUBMISSION_FIELDS = ("uuid", "kind", "size", "sha256", "received_on", "batch_uuid", "download_url", "manifest_url")
SYNC_FILE = "sync.json"


@dataclass
class FetchResult:
    sources: int = 0
    downloaded: int = 0
    skipped: int = 0
    bytes: int = 0
    failed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Job:
    label: str
    url: str
    target: Path
    size: int


def _jobs(desk: DeskFolder, source_uuid: str, submissions: list[dict[str, Any]]) -> list[_Job]:
    jobs: list[_Job] = []
    batches: dict[str, str] = {}
    for submission in submissions:
        batch_uuid = canonical_uuid(submission.get("batch_uuid"))
        batch_folder = desk.batch_inbox(source_uuid, batch_uuid)
        batch_folder.mkdir(exist_ok=True, mode=0o700)
        batches[batch_uuid] = str(submission["manifest_url"])
        target = batch_folder / f"{canonical_uuid(submission.get('uuid'))}.age"
        jobs.append(_Job(target.name, str(submission["download_url"]), target, int(submission.get("size") or 0)))
    for batch_uuid, manifest_url in batches.items():
        target = desk.batch_inbox(source_uuid, batch_uuid) / "manifest.age"
        jobs.append(_Job(f"{batch_uuid} manifest", manifest_url, target, 0))
    return jobs


def _source_entry(source: SourceRecord, submissions: list[dict[str, Any]]) -> dict[str, Any]:
    """What the desk keeps of a source (inbox/<uuid>/source.json): its own format, with "key" the
    source's age recipient as it always was."""
    entry: dict[str, Any] = {key: to_json(getattr(source, key)) for key in _SOURCE_FIELDS}
    entry["key"] = source.age_recipient
    entry["submissions"] = submissions
    return entry


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


def fetch(client: ApiClient, desk: DeskFolder, console: Console) -> FetchResult:
    """Every source (all pages), and every submission that changed since the last fetch (the
    server's ?since= sync, which never skips one), then the downloads still missing."""
    result = FetchResult()
    desk.inbox.mkdir(parents=True, exist_ok=True, mode=0o700)
    cursor = _sync_cursor(desk, client.server)
    changed, next_cursor = client.submissions_since(cursor)
    by_source: dict[str, dict[str, dict[str, Any]]] = {}
    for item in changed:
        by_source.setdefault(canonical_uuid(item.source_uuid), {})[item.uuid] = {
            key: to_json(getattr(item, key)) for key in _SUBMISSION_FIELDS
        }
    jobs: list[_Job] = []
    for source in client.sources():
        source_uuid = canonical_uuid(source.uuid)
        folder = desk.source_inbox(source_uuid)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        known: dict[str, dict[str, Any]] = {}
        if cursor and (folder / "source.json").exists():
            kept = read_json(folder / "source.json").get("submissions", [])
            known = {str(s.get("uuid")): s for s in kept if isinstance(s, dict)}
        known.update(by_source.get(source_uuid, {}))
        submissions = sorted(known.values(), key=lambda s: (str(s.get("received_on")), str(s.get("uuid"))))
        write_json(folder / "source.json", _source_entry(source, submissions))
        result.sources += 1
        jobs += _jobs(desk, source_uuid, submissions)
    write_json(desk.inbox / SYNC_FILE, {"server": client.server, "submissions_cursor": next_cursor})

    # A file exists under its final name only after its SHA-256 matched: skip those.
    pending = [job for job in jobs if not job.target.exists()]
    result.skipped = len(jobs) - len(pending)
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("fetching", total=sum(job.size for job in pending) or None)
        for job in pending:
            progress.update(task, description=job.label[:40])
            try:
                done = client.download(job.url, job.target, lambda n: progress.advance(task, n))
            except DeskError as error:
                result.failed.append(f"{job.label}: {error}")
                continue
            result.downloaded += 1
            result.bytes += done.path.stat().st_size - done.resumed_from
        progress.update(task, description="fetched")
    return result

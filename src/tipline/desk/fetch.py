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

from tipline.desk.client import ApiClient
from tipline.desk.store import DeskError, DeskFolder, canonical_uuid, write_json

_SOURCE_FIELDS = (
    "uuid",
    "journalist_designation",
    "key",
    "number_of_submissions",
    "number_of_replies",
    "created_on",
    "last_updated",
    "url",
    "submissions_url",
    "replies_url",
)
_SUBMISSION_FIELDS = ("uuid", "kind", "size", "sha256", "received_on", "batch_uuid", "download_url", "manifest_url")


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


def fetch(client: ApiClient, desk: DeskFolder, console: Console) -> FetchResult:
    result = FetchResult()
    jobs: list[_Job] = []
    for source in client.sources():
        source_uuid = canonical_uuid(source.get("uuid"))
        submissions = client.submissions(source)
        entry: dict[str, Any] = {key: source.get(key) for key in _SOURCE_FIELDS}
        entry["key"] = source.get("age_recipient")  # the desk's own files keep the recipient as "key"
        entry["submissions"] = [{key: s.get(key) for key in _SUBMISSION_FIELDS} for s in submissions]
        folder = desk.source_inbox(source_uuid)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_json(folder / "source.json", entry)
        result.sources += 1
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

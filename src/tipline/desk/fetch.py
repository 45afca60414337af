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
from tipline.desk.pins import key_changed_message, pin_source_key
from tipline.desk.store import DeskError, DeskFolder, write_json
from tipline.desk.untrusted import UntrustedValue, checked_source, checked_submission


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


def fetch(client: ApiClient, desk: DeskFolder, console: Console) -> FetchResult:
    result = FetchResult()
    jobs: list[_Job] = []
    try:
        listed = client.sources()
    except (KeyError, TypeError) as error:
        raise UntrustedValue(f"the server's list of sources is malformed ({error!r:.80})") from None
    for raw in listed:
        try:
            # Every field is checked before it is used or kept: a server taken over may lie (T9).
            source = checked_source(raw)
            try:
                listed_submissions = client.submissions(source)
            except (KeyError, TypeError):
                raise UntrustedValue("the server's list of submissions is malformed") from None
            submissions = [checked_submission(s) for s in listed_submissions]
        except UntrustedValue as error:
            shown = raw.get("uuid") if isinstance(raw, dict) else None
            result.refused.append(f"source {str(shown)[:40]}: {error}")
            continue
        source_uuid = source["uuid"]
        pinned = pin_source_key(desk, source_uuid, source["key"])
        if pinned is not None:
            result.key_changed.append(key_changed_message(source["journalist_designation"], pinned, source["key"]))
        entry: dict[str, Any] = source | {"submissions": submissions}
        folder = desk.inside(desk.source_inbox(source_uuid))
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_json(folder / "source.json", entry)
        result.sources += 1
        batches: dict[str, str] = {}
        for submission in submissions:
            batch_uuid = submission["batch_uuid"]
            batch_folder = desk.inside(desk.batch_inbox(source_uuid, batch_uuid))
            batch_folder.mkdir(exist_ok=True, mode=0o700)
            batches[batch_uuid] = submission["manifest_url"]
            target = desk.inside(batch_folder / f"{submission['uuid']}.age")
            jobs.append(_Job(target.name, submission["download_url"], target, submission["size"]))
        for batch_uuid, manifest_url in batches.items():
            target = desk.inside(desk.batch_inbox(source_uuid, batch_uuid) / "manifest.age")
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

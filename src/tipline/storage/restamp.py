"""The restamp job's view of an instance: which folders and objects it sets, and what it leaves alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tipline.storage.base import BlobStore
from tipline.storage.local import INCOMING, LocalBlobStore, held_by_a_living_writer
from tipline.storage.s3 import S3BlobStore
from tipline.storage.s3_times import S3Restamper
from tipline.storage.timestamps import Restamper, RestampRun


@dataclass
class InstanceRestamper:
    """The data folder's files (and a store folder elsewhere), and the S3 store's objects if any."""

    files: Restamper
    objects: S3Restamper | None = None

    def run(self) -> RestampRun:
        runs = [self.files.run()] + ([self.objects.run()] if self.objects is not None else [])
        return RestampRun(
            stamped=sum(run.stamped for run in runs),
            seen=sum(run.seen for run in runs),
            started=runs[0].started,
            seconds=sum(run.seconds for run in runs),
        )


def instance_restamper(data_dir: Path, store: BlobStore) -> InstanceRestamper:
    """A restamper for everything the server writes: the data folder (database, WAL and SHM,
    configuration, keys, the local store), the store folder if it lives elsewhere, and the S3
    store's objects. Blobs being written right now are left alone: their fresh mtime tells
    `tipline check` that a living process still writes them."""
    roots = [data_dir]
    if isinstance(store, LocalBlobStore) and not _inside(store.root, data_dir):
        roots.append(store.root)

    def being_written(path: Path) -> bool:
        return path.parent.name == INCOMING and held_by_a_living_writer(path)

    objects = S3Restamper(store) if isinstance(store, S3BlobStore) else None
    return InstanceRestamper(Restamper(roots, skip=being_written), objects)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False

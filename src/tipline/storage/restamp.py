"""The restamp job's view of an instance: which folders it sets, and which files it leaves alone."""

from __future__ import annotations

from pathlib import Path

from tipline.config import Settings
from tipline.storage.local import INCOMING, held_by_a_living_writer
from tipline.storage.timestamps import Restamper


def instance_restamper(settings: Settings) -> Restamper:
    """A :class:`Restamper` for everything the server writes on this machine: the data folder
    (database, WAL and SHM, configuration, keys, the local store) and the store folder if it lives
    elsewhere. Blobs being written right now are left alone: their fresh mtime tells
    `tipline check` that a living process still writes them."""
    roots = [settings.data_dir]
    store = settings.effective_store_dir
    if not settings.s3_bucket and not _inside(store, settings.data_dir):
        roots.append(store)

    def being_written(path: Path) -> bool:
        return path.parent.name == INCOMING and held_by_a_living_writer(path)

    return Restamper(roots, skip=being_written)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False

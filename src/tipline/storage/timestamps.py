"""File times at day precision: what a seized disk says about *when* is only the day (threat T1).

A file's mtime and atime would otherwise be the second a source submitted (the blob's mtime),
read a reply (its atime, under relatime) or deleted one (the shard folder's mtime). Both can be
set by the owner: after every write and delete the store sets them to the day's UTC midnight, and
blobs are opened for reading with O_NOATIME, so that reading does not set atime again.

ctime cannot be set by any program: every change (a write, a rename, setting the times) sets it
to "now". :class:`Restamper` bounds it instead: run every few minutes (`restamp_interval_minutes`,
by `tipline serve` and `tipline worker`), it sets the times of everything that changed since its
last run again, so that every such path's ctime becomes the instant of that run. A path changed
between two runs then shows only "between the previous run and this one"; the files of the
database (which change at every write) get their mtime and atime back to the day the same way.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

_DAY = 86_400


def midnight(now: float | None = None) -> int:
    """UTC midnight of the day of ``now`` (default: today), in Unix seconds."""
    moment = time.time() if now is None else now
    return int(moment // _DAY * _DAY)


def is_midnight(seconds_ns: int) -> bool:
    return seconds_ns % (_DAY * 1_000_000_000) == 0


def stamp(path: Path | str, day: int | None = None) -> None:
    """Set ``path``'s atime and mtime to the day's UTC midnight (a missing path is not an error)."""
    value = midnight() if day is None else day
    with contextlib.suppress(FileNotFoundError):
        os.utime(path, (value, value), follow_symlinks=False)


def stamp_all(paths: Iterable[Path | str]) -> None:
    day = midnight()
    for path in paths:
        stamp(path, day)


def open_without_atime(path: Path | str, *, folder: bool = False) -> int:
    """A read-only descriptor that does not update atime where the kernel allows O_NOATIME (the
    owner of the file, or CAP_FOWNER); elsewhere an ordinary one (then mount with ``noatime``).
    FileNotFoundError as ``os.open`` raises it."""
    flags = os.O_RDONLY | os.O_CLOEXEC | (os.O_DIRECTORY if folder else 0)
    noatime = getattr(os, "O_NOATIME", 0)
    if noatime:
        try:
            return os.open(path, flags | noatime)
        except PermissionError:
            pass  # EPERM: not the file's owner; fall back below
    return os.open(path, flags)


@dataclass
class RestampRun:
    """What one run did: how many paths it set, and how long it took (the spread of their ctimes)."""

    stamped: int
    seen: int
    started: float
    seconds: float


class Restamper:
    """Sets the times of every path under some folders back to the day, and so bounds their ctime.

    A path is set again when its atime or mtime is not a UTC midnight, or when its ctime is not
    the one this restamper left (something changed it since): so every change is covered, and a
    path nobody touched keeps the ctime of the run that last set it (it does not look new
    again at every run: `tipline check` measures an orphan blob's age by its ctime). A process's
    first run sets everything.

    ``skip`` names paths to leave alone (a blob being written right now: its mtime says "alive").
    Folders are set after their content has been listed: listing a folder updates its atime.
    """

    def __init__(self, roots: Iterable[Path], skip: Callable[[Path], bool] | None = None) -> None:
        self._roots = [Path(root) for root in roots]
        self._skip = skip or (lambda _path: False)
        self._left: dict[str, int] = {}

    def run(self) -> RestampRun:
        started = time.time()
        day = midnight(started)
        stamped = seen = 0
        left: dict[str, int] = {}
        for root in self._roots:
            for path in _paths_below(root):
                seen += 1
                if self._skip(Path(path)):
                    continue
                try:
                    info = os.lstat(path)
                    if info.st_atime_ns == info.st_mtime_ns == day * 1_000_000_000 and (
                        self._left.get(path) == info.st_ctime_ns
                    ):
                        left[path] = info.st_ctime_ns
                        continue
                    os.utime(path, (day, day), follow_symlinks=False)
                    left[path] = os.lstat(path).st_ctime_ns
                    stamped += 1
                except FileNotFoundError:
                    continue  # deleted meanwhile
        self._left = left
        return RestampRun(stamped, seen, started, time.time() - started)


def _paths_below(root: Path) -> Iterable[str]:
    """Every path below ``root`` and ``root`` itself, each folder after its content. Folders are
    listed through O_NOATIME descriptors where allowed (listing sets a folder's atime); symlinks
    are neither followed nor set (nothing of ours makes them)."""
    try:
        fd = open_without_atime(root, folder=True)
    except (FileNotFoundError, NotADirectoryError):
        return
    try:
        names = sorted(os.listdir(fd))
    finally:
        os.close(fd)
    for name in names:
        path = os.path.join(root, name)
        if os.path.isdir(path) and not os.path.islink(path):
            yield from _paths_below(Path(path))
        else:
            yield path
    yield str(root)

"""Looking at what a live instance keeps on disk, as someone who seized the server would."""

from __future__ import annotations

import base64
import os
import sqlite3
import stat
import urllib.parse
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.factories.live import LiveInstance

_SCAN_CHUNK = 8 * 1024 * 1024


def store_dir(instance: LiveInstance) -> Path:
    return instance.data_dir / "store"


def stored_blobs(instance: LiveInstance) -> list[Path]:
    """Committed blobs (``store/ab/abcdef…``)."""
    root = store_dir(instance)
    return sorted(p for p in root.glob("*/*") if p.is_file() and p.parent.name != ".incoming")


def incoming(instance: LiveInstance) -> list[Path]:
    """Blobs being written (or left behind by a write that was never finished)."""
    return sorted((store_dir(instance) / ".incoming").iterdir())


def row_counts(instance: LiveInstance, tables: Iterable[str] = ("batches", "submissions", "replies")) -> dict[str, int]:
    """Rows per table, read straight from the database file (read-only, beside the server)."""
    uri = f"file:{instance.data_dir / 'tipline.sqlite'}?mode=ro"
    with sqlite3.connect(uri, uri=True, timeout=10) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}


def what_was_kept(instance: LiveInstance) -> dict[str, object]:
    """Everything a refused request could have left behind; all empty when nothing was kept."""
    return {
        "blobs": stored_blobs(instance),
        "incoming": incoming(instance),
        "rows": {table: count for table, count in row_counts(instance).items() if count},
        "server TMPDIR": sorted(instance.tmp_dir.iterdir()),
    }


NOTHING_KEPT: dict[str, object] = {"blobs": [], "incoming": [], "rows": {}, "server TMPDIR": []}


# --- searching bytes for secrets in the forms they could be written in ---


def _base64_forms(data: bytes) -> set[bytes]:
    """The base64 text of ``data`` at each of the three alignments it can have inside a longer stream."""
    forms = set()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + data + b"\0\0")
        # Keep only the characters that depend on ``data`` alone (6 bits each).
        start = -(-8 * offset // 6)
        end = 8 * (offset + len(data)) // 6
        text = encoded[start:end]
        forms.add(text)
        forms.add(text.translate(bytes.maketrans(b"+/", b"-_")))
    return forms


def encodings(secret: bytes | str) -> dict[str, bytes]:
    """``secret`` as raw bytes, UTF-16, hex, base64 and URL-encoded text, by name of the form."""
    raw = secret.encode("utf-8") if isinstance(secret, str) else secret
    forms: dict[str, bytes] = {"bytes": raw, "hex": raw.hex().encode(), "HEX": raw.hex().upper().encode()}
    for index, form in enumerate(sorted(_base64_forms(raw))):
        forms[f"base64#{index}"] = form
    if isinstance(secret, str):
        forms["utf-16-le"] = secret.encode("utf-16-le")
        forms["utf-16-be"] = secret.encode("utf-16-be")
        forms["url-encoded"] = urllib.parse.quote_plus(secret).encode("ascii")
        forms["url-encoded (%20)"] = urllib.parse.quote(secret).encode("ascii")
    # Forms identical to the raw bytes (plain ASCII URL-encoding) need not be searched twice.
    unique: dict[str, bytes] = {}
    for name, form in forms.items():
        if form and form not in unique.values():
            unique[name] = form
    return unique


@dataclass(frozen=True)
class Hit:
    secret: str
    form: str
    path: Path
    offset: int

    def __str__(self) -> str:
        return f"{self.secret} ({self.form}) in {self.path} at byte {self.offset}"


def scan_file(path: Path, patterns: Mapping[tuple[str, str], bytes]) -> Iterator[Hit]:
    """Every pattern found in the file, read in chunks that overlap by the longest pattern."""
    overlap = max(len(p) for p in patterns.values()) - 1
    try:
        handle = path.open("rb")
    except OSError:  # gone meanwhile, or not a file we may read
        return
    with handle:
        found: set[tuple[str, str]] = set()
        tail = b""
        position = 0
        while chunk := handle.read(_SCAN_CHUNK):
            window = tail + chunk
            for key, pattern in patterns.items():
                if key in found:
                    continue
                index = window.find(pattern)
                if index >= 0:
                    found.add(key)
                    yield Hit(key[0], key[1], path, position - len(tail) + index)
            position += len(chunk)
            tail = window[-overlap:] if overlap else b""


def files_under(
    root: Path, *, changed_since: float | None = None, skip: Iterable[str] = (), max_size: int | None = None
) -> Iterator[Path]:
    """Regular files under ``root`` (symlinks not followed), optionally only those changed since a time.

    ``skip``: names of entries directly under ``root`` not to enter; ``max_size``: larger files are left out.
    """
    skipped = tuple(skip)
    for directory, subdirectories, names in os.walk(root, onerror=lambda _error: None):
        if Path(directory) == root:
            subdirectories[:] = [d for d in subdirectories if not d.startswith(skipped)]
        for name in names:
            path = Path(directory, name)
            try:
                status = path.lstat()
            except OSError:
                continue
            if not stat.S_ISREG(status.st_mode):
                continue
            if changed_since is not None and max(status.st_mtime, status.st_ctime) < changed_since:
                continue
            if max_size is not None and status.st_size > max_size:
                continue
            yield path


# A needle shorter than this is found by chance in ciphertext: 3 bytes once in ~500 files of 33 KB.
MIN_SECRET_BYTES = 8


def scan(paths: Iterable[Path], secrets: Mapping[str, bytes | str], forms: Collection[str] | None = None) -> list[Hit]:
    """Hits of any form of any secret in any of ``paths`` (only the named ``forms``, if given)."""
    short = [name for name, secret in secrets.items() if len(encodings(secret)["bytes"]) < MIN_SECRET_BYTES]
    if short:
        raise ValueError(f"secrets too short to search for without chance matches: {short}")
    patterns = {
        (name, form): encoded
        for name, secret in secrets.items()
        for form, encoded in encodings(secret).items()
        if forms is None or form in forms
    }
    return [hit for path in paths for hit in scan_file(path, patterns)]


# --- what the server's processes hold open ---


def server_pids(instance: LiveInstance) -> list[int]:
    """`tipline serve` and every process it started (they share its session: start_new_session)."""
    assert instance.process is not None
    session = instance.process.pid
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the command name: state, ppid, pgrp, session.
        if int(fields[3]) == session:
            pids.append(int(entry.name))
    return sorted(pids)


def open_regular_files(pids: Iterable[int]) -> dict[Path, str]:
    """Each regular file the processes hold open, as a /proc path that reads it (even once unlinked),
    mapped to where it is (or was) in the file system. Unnamed temporary files show up here too."""
    files = {}
    for pid in pids:
        fd_dir = Path(f"/proc/{pid}/fd")
        try:
            descriptors = list(fd_dir.iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if stat.S_ISREG(descriptor.stat().st_mode):
                    files[descriptor] = os.readlink(descriptor)
            except OSError:
                continue
    return files


def in_flight_to(port: int) -> int:
    """Bytes sent to a local TCP port that its server has not read yet (both ends' queues, /proc/net/tcp)."""
    total = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, remote_port = int(fields[1].split(":")[1], 16), int(fields[2].split(":")[1], 16)
        tx_queue, rx_queue = (int(value, 16) for value in fields[4].split(":"))
        if fields[3] != "01":  # established connections only
            continue
        if local_port == port:  # the server's end: received, not read
            total += rx_queue
        elif remote_port == port:  # the client's end: not yet taken by the server's end
            total += tx_queue
    return total


def server_end_of(client: tuple[str, int], server_port: int) -> int:
    """The inode of the socket a local server accepted from ``client`` (its address), or 0: not
    accepted yet (a connection waiting in the listen queue has no file), or already closed."""
    wanted = f"{int(client[1]):04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == server_port and fields[2].split(":")[1] == wanted:
            return int(fields[9])
    return 0


def holding_socket(pids: Iterable[int], inode: int) -> bool:
    """Whether one of the processes still holds the socket ``inode`` open (even once reset)."""
    target = f"socket:[{inode}]"
    for pid in pids:
        try:
            descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if os.readlink(descriptor) == target:
                    return True
            except OSError:
                continue
    return False


def every_path_without_atime(root: Path) -> list[Path]:
    """``root`` and every path below it, listed through descriptors opened with O_NOATIME: listing
    a folder the ordinary way sets its atime (relatime), and the test would read its own traces."""
    found = [root]
    if not root.is_dir():
        return found
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOATIME)
    try:
        names = sorted(os.listdir(fd))
    finally:
        os.close(fd)
    for name in names:
        path = root / name
        if path.is_dir() and not path.is_symlink():
            found += every_path_without_atime(path)
        else:
            found.append(path)
    return found

"""Helpers for the fault tests: a journalist's API client, what the store holds, the integrity check."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest

from tests.factories.live import LiveInstance
from tests.factories.live_http import LiveClient
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import unpad

BLOB_NAME_LENGTH = 32


def journalist_api(instance: LiveInstance, username: str = "reporter") -> LiveClient:
    created = instance.add_journalist(username)
    client = LiveClient(instance.journalist_url, user_agent="tipline-desk")
    body = {
        "username": username,
        "passphrase": created["passphrase"],
        "one_time_code": pyotp.TOTP(created["totp_secret"]).now(),
    }
    reply = client.post("/api/v1/token", json.dumps(body).encode(), "application/json")
    assert 200 == reply.status, reply.text
    client.extra_headers["Authorization"] = f"Token {json.loads(reply.body)['token']}"
    return client


def api_json(client: LiveClient, path: str) -> Any:
    reply = client.get(path)
    assert 200 == reply.status, reply.text
    return json.loads(reply.body)


def api_bytes(client: LiveClient, path: str) -> bytes:
    reply = client.get(path)
    assert 200 == reply.status, reply.text
    return reply.body


def newsroom_identity(instance: LiveInstance) -> str:
    lines = (instance.data_dir / "newsroom-identity.txt").read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith("AGE-SECRET-KEY-"))


def newsroom_plaintexts(client: LiveClient, identity: str) -> list[bytes]:
    """Every submission of every source, decrypted with the newsroom's key, in order."""
    found = []
    for source in api_json(client, "/api/v1/sources")["sources"]:
        for item in api_json(client, source["submissions_url"])["submissions"]:
            found.append(unpad(decrypt_bytes(api_bytes(client, item["download_url"]), [identity])))
    return found


def store_dir(instance: LiveInstance) -> Path:
    return instance.data_dir / "store"


def stored_blobs(store: Path) -> list[Path]:
    return sorted(p for p in store.glob("??/*") if p.is_file() and len(p.name) == BLOB_NAME_LENGTH)


def incoming(store: Path) -> list[Path]:
    folder = store / ".incoming"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def wait_for(condition: Any, timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def process_group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs (zombies, which nobody may reap here, do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, group = fields[0], int(fields[2])
        if group == pgid and state not in ("Z", "X"):
            return True
    return False


def kill_everything(instance: LiveInstance) -> None:
    """SIGKILL the whole process group: `tipline serve`, both gunicorn arbiters and their workers."""
    assert instance.process is not None
    pgid = instance.process.pid  # started with start_new_session: its pid is the group's id
    os.killpg(pgid, signal.SIGKILL)
    instance.process.wait(timeout=10)
    wait_for(lambda: not process_group_alive(pgid), what="every server process to die")
    instance.process = None


@contextlib.contextmanager
def small_tmpfs(mount_point: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``mount_point`` (root only), unmounted afterwards.

    Skips the test, saying why, when not root or when the mount is refused (a container
    without CAP_SYS_ADMIN, say).
    """
    if os.geteuid() != 0:
        pytest.skip("filling a disk needs root: the test mounts a small tmpfs of its own")
    mount_point.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or mounted.returncode})")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "--lazy", str(mount_point)], check=False, timeout=30)


def fill(folder: Path, leave_bytes: int) -> Path:
    """Fill the file system of ``folder`` until about ``leave_bytes`` are free; returns the filler."""
    filler = folder / "filler"
    with filler.open("wb") as handle:
        while True:
            free = shutil.disk_usage(folder).free - leave_bytes
            if free <= 0:
                break
            try:
                handle.write(b"\0" * min(free, 1024 * 1024))
                handle.flush()
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                break
    return filler


def lock_holder(path: Path) -> int:
    """The pid of the process holding a flock on ``path`` (from /proc/locks, which names a file by
    its device and inode: other tests' locks, on other file systems, may share the inode number)."""
    status = path.stat()
    file_id = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if len(fields) > 5 and fields[1] == "FLOCK" and fields[5] == file_id:
            return int(fields[4])
    raise AssertionError(f"nobody holds a lock on {path}")


def lose_table(engine: Any, table: str) -> None:
    """The database loses a table, as a broken migration or a bad restore would leave it: queries
    naming it fail. Renamed, not dropped, so that no table referring to it stands in the way (a
    DROP is refused on PostgreSQL once another table has a foreign key to it)."""
    with engine.begin() as connection:
        connection.exec_driver_sql(f"ALTER TABLE {table} RENAME TO lost_{table}")

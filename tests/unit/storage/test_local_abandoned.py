"""Leftovers of a killed writer are told from writes in progress by their lock, not their age."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tipline.storage import LocalBlobStore

# A writer in its own process that writes, then dies by SIGKILL before commit or abort.
_KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from tipline.storage import LocalBlobStore
writer = LocalBlobStore(Path(sys.argv[1])).create()
writer.write(os.urandom(300_000))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_leftovers_of_a_killed_writer_are_discarded_and_live_writes_are_spared(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "store")
    killed = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(store.root)], check=False, timeout=60)
    assert -9 == killed.returncode
    # A file left by an older version, with no lock at all, is abandoned too.
    (store.root / ".incoming" / ("a" * 32)).write_bytes(b"left behind")
    alive = store.create()
    alive.write(b"still arriving")
    assert 3 == len(store.incomplete())

    assert 2 == store.discard_abandoned()

    assert [f".incoming/{alive.key}"] == store.incomplete()
    alive.write(b" and done")
    key = alive.commit().key
    with store.open(key) as blob:
        assert b"still arriving and done" == blob.read()
    assert 0 == store.discard_abandoned()


def test_a_new_blob_is_private_and_locked_from_its_first_instant(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "store")
    writer = store.create()
    partial = store.root / ".incoming" / writer.key
    assert 0o600 == partial.stat().st_mode & 0o777
    assert 0 == store.discard_abandoned()
    assert partial.exists()
    writer.abort()
    assert [] == store.incomplete()

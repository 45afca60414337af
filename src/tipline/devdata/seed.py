"""Filling an instance with fake sources and fake encrypted submissions, fast.

Shortcuts taken here, and only here, because the data is fake:
- codenames go through Argon2id at a trivial cost (SEED_KDF), not the instance's;
- blobs are written to the local store without fsync;
- rows are inserted in bulk.
The ciphertexts are real age encryptions to the instance's recipients, so every tool that reads
them behaves as with real data.

`seed_services` is the one way in for `tipline dev seed`, the benchmarks and the tests: it takes
the database, store, recipients and salt from the instance's composition root.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import random
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from tipline.crypto import codenames
from tipline.crypto.age import encrypt_bytes
from tipline.crypto.keys import Argon2Cost, derive_source_keys
from tipline.crypto.safety_seal import random_seal
from tipline.db import SessionFactory
from tipline.i18n import load_wordlist
from tipline.sequence import take_stamps
from tipline.sources.designations import random_designation
from tipline.sources.models import Source
from tipline.storage import LocalBlobStore
from tipline.storage.base import check_key, new_blob_key
from tipline.submissions.repository import insert_fake_batches

if TYPE_CHECKING:  # the composition root is built by the caller: seeding only reads it
    from tipline.services import Services

# Only for fake data: a real instance's codenames use the configured (expensive) cost.
SEED_KDF = Argon2Cost(time_cost=1, memory_kib=8, parallelism=1)
_CHUNK_ROWS = 5000
_PHRASES = ("The shipment left Nampo on Tuesday.", "My manager keeps two sets of books.", "See the attached list.")


@dataclass(frozen=True)
class SeedResult:
    sources: int
    submissions: int
    source_uuids: list[str]


class _FastBlobs:
    """Writes ciphertext straight into the local store's layout, without fsync (fake data only)."""

    def __init__(self, store: LocalBlobStore) -> None:
        self._root = store.root

    def put(self, ciphertext: bytes) -> tuple[str, int, str]:
        key = check_key(new_blob_key())
        folder = self._root / key[:2]
        folder.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(folder / key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(ciphertext)
        return key, len(ciphertext), hashlib.sha256(ciphertext).hexdigest()


class _NoBlobs:
    """Blob keys for rows only: nothing is written (see seed's write_blobs)."""

    def __init__(self, sample: bytes) -> None:
        self._size, self._sha = len(sample), hashlib.sha256(sample).hexdigest()

    def put(self, _ciphertext: bytes) -> tuple[str, int, str]:
        return check_key(new_blob_key()), self._size, self._sha


def seed(
    sessions: SessionFactory,
    store_root: Path,
    recipients: Sequence[str],
    salt: bytes,
    *,
    sources: int,
    submissions: int,
    wordlist: Sequence[str],
    progress: Callable[[int], None] | None = None,
    rng: random.Random | None = None,
    write_blobs: bool = True,
) -> SeedResult:
    """Create SOURCES fake sources sharing SUBMISSIONS fake submissions (one batch per source).

    ``write_blobs=False``, for benchmarks of listings only: rows without blobs (each row names a
    blob key that does not exist; sizes and hashes are those of one real ciphertext), about ten
    times as fast. Downloads of such rows fail, and `tipline check` reports them.
    """
    rng = rng or random.Random()  # noqa: S311 — fake data: dates and read flags need no secrecy
    blobs: _FastBlobs | _NoBlobs = (
        _FastBlobs(LocalBlobStore(store_root)) if write_blobs else _NoBlobs(encrypt_bytes(b"x", recipients))
    )
    today = datetime.datetime.now(datetime.UTC).date()
    with sessions() as session:
        taken = set(session.scalars(select(Source.designation)))
    per_source = [submissions // sources + (1 if i < submissions % sources else 0) for i in range(sources)]
    source_rows: list[dict[str, object]] = []
    for _ in range(sources):
        keys = derive_source_keys(codenames.normalise(codenames.generate(wordlist, 7)), salt, SEED_KDF)
        designation = random_designation()
        while designation in taken:
            designation = f"{random_designation()}-{secrets.randbelow(9000) + 1000}"
        taken.add(designation)
        created = today - datetime.timedelta(days=rng.randrange(0, 730))
        source_rows.append(
            {
                "uuid": str(uuid.uuid4()),
                "designation": designation,
                "lookup": keys.lookup,
                "recipient": keys.recipient,
                "seal": random_seal(),  # like every real row (docs/duress-design.md)
                "created_on": created,
                "last_activity_on": min(today, created + datetime.timedelta(days=rng.randrange(0, 365))),
            }
        )
    with sessions.begin() as session:
        first = take_stamps(session, len(source_rows)) if source_rows else 0
        for offset, source_row in enumerate(source_rows):
            source_row["change_seq"] = first + offset
            source_row["interaction_count"] = per_source[offset]
        for start in range(0, len(source_rows), _CHUNK_ROWS):
            session.execute(insert(Source), source_rows[start : start + _CHUNK_ROWS])
        ids = {str(u): int(i) for u, i in session.execute(select(Source.uuid, Source.id))}
    done = 0
    for start in range(0, sources, 500):
        batch_rows: list[dict[str, object]] = []
        submission_rows: list[dict[str, object]] = []
        for index in range(start, min(start + 500, sources)):
            row = source_rows[index]
            batch_uuid = str(uuid.uuid4())
            items = []
            for _ in range(per_source[index]):
                key, size, sha = blobs.put(
                    encrypt_bytes(rng.choice(_PHRASES).encode(), recipients) if write_blobs else b""
                )
                items.append((str(uuid.uuid4()), key, size, sha))
            manifest = json.dumps(
                {"batch": batch_uuid, "items": [{"submission": i[0], "kind": "message"} for i in items]}
            )
            m_key, m_size, m_sha = blobs.put(encrypt_bytes(manifest.encode(), recipients) if write_blobs else b"")
            batch_rows.append(
                {
                    "uuid": batch_uuid,
                    "source_id": ids[str(row["uuid"])],
                    "manifest_blob": m_key,
                    "manifest_size": m_size,
                    "manifest_sha256": m_sha,
                    "received_on": row["last_activity_on"],
                }
            )
            submission_rows += [
                {
                    "uuid": sub_uuid,
                    "source_id": ids[str(row["uuid"])],
                    "batch_uuid": batch_uuid,
                    "kind": "message",
                    "blob": key,
                    "size": size,
                    "sha256": sha,
                    "received_on": row["last_activity_on"],
                    "is_read": False,  # seen by nobody: no journalist has seen_submissions rows yet
                }
                for sub_uuid, key, size, sha in items
            ]
            for number, sub in enumerate(submission_rows[-len(items) :] if items else [], start=1):
                sub["interaction"] = number
        with sessions.begin() as session:
            insert_fake_batches(session, batch_rows, submission_rows)
        done += len(submission_rows)
        if progress is not None:
            progress(min(start + 500, sources))
    return SeedResult(sources, done, [str(r["uuid"]) for r in source_rows])


def seed_services(
    services: Services,
    *,
    sources: int,
    submissions: int,
    progress: Callable[[int], None] | None = None,
    rng: random.Random | None = None,
    write_blobs: bool = True,
) -> SeedResult:
    """`seed` into the instance ``services`` runs: its database, local blob store, current
    recipients and codename salt; codenames drawn from the English list."""
    return seed(
        services.sessions,
        services.settings.effective_store_dir,
        services.submissions.current_recipients(),
        bytes.fromhex(services.settings.codename_salt),
        sources=sources,
        submissions=submissions,
        wordlist=load_wordlist("en"),
        progress=progress,
        rng=rng,
        write_blobs=write_blobs,
    )

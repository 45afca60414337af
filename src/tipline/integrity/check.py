"""Compare the rows that name blobs with the blobs in the store; repair only what is safe.

Checking changes nothing. Repair removes only what no row can need:
- orphaned blobs (in the store, named by no row) older than a grace period: a younger one may
  belong to a submission whose rows are being committed at this very moment;
- leftovers of writes that never finished (``.incoming`` files, incomplete S3 multipart uploads),
  older than the same grace period (another server may still be writing them).
Rows whose blob is missing are reported, never deleted: the usual cause is a store that is not
the right one (wrong bucket, prefix or folder), and deleting rows would then destroy the index
of every submission. For the same reason repair refuses to delete orphans when rows lack blobs
or when the database names no blob at all while the store holds some.

With the journalists' second factors at hand, it also reports TOTP secrets still stored in
plaintext (from before migration 0004; repair seals them) and sealed ones that do not open with
this journalist_secret_key (only a TOTP reset helps those; repair leaves them alone).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

from tipline.db import SessionFactory
from tipline.errors import RepairRefused
from tipline.storage import BlobNotFound, BlobStore
from tipline.submissions.upkeep import blobs_named

DEFAULT_GRACE_SECONDS = 3600


class TotpSecretsAtRest(Protocol):
    @property
    def plaintext(self) -> list[str]: ...

    @property
    def unreadable(self) -> list[str]: ...


class SecondFactors(Protocol):
    """What JournalistService offers to check and seal TOTP secrets at rest."""

    def totp_secrets_at_rest(self) -> TotpSecretsAtRest: ...

    def seal_plaintext_totp_secrets(self) -> list[str]: ...

    def plaintext_refused(self) -> bool: ...


@dataclass(frozen=True)
class MissingBlob:
    table: str
    uuid: str
    blob: str


@dataclass
class Report:
    referenced: int = 0
    stored: int = 0
    orphaned_blobs: list[str] = field(default_factory=list)
    missing_blobs: list[MissingBlob] = field(default_factory=list)
    incomplete_writes: list[str] = field(default_factory=list)
    deleted_orphans: list[str] = field(default_factory=list)
    discarded_incomplete: int = 0
    # Usernames: TOTP secrets still in plaintext, sealed ones that do not open, and those repair sealed.
    plaintext_totp_secrets: list[str] = field(default_factory=list)
    unreadable_totp_secrets: list[str] = field(default_factory=list)
    sealed_totp_secrets: list[str] = field(default_factory=list)
    # Every TOTP secret was sealed once: plaintext ones are refused at login (and never sealed).
    plaintext_totp_refused: bool = False

    @property
    def ok(self) -> bool:
        return not (
            self.orphaned_blobs
            or self.missing_blobs
            or self.incomplete_writes
            or self.plaintext_totp_secrets
            or self.unreadable_totp_secrets
        )


class IntegrityChecker:
    def __init__(self, sessions: SessionFactory, store: BlobStore, second_factors: SecondFactors | None = None) -> None:
        self._sessions = sessions
        self._store = store
        self._second_factors = second_factors

    def _referenced(self) -> dict[str, MissingBlob]:
        with self._sessions() as session:
            return {blob: MissingBlob(table, uuid, blob) for table, uuid, blob in blobs_named(session)}

    def check(self, grace_seconds: float = 0) -> Report:
        """What disagrees; with ``grace_seconds``, younger orphans and leftovers are not counted."""
        stored = set(self._store.keys())
        referenced = self._referenced()
        cutoff = time.time() - grace_seconds
        orphans = []
        for key in sorted(stored - referenced.keys()):
            try:
                if grace_seconds <= 0 or self._store.modified_at(key) <= cutoff:
                    orphans.append(key)
            except BlobNotFound:
                continue  # deleted meanwhile
        # Read the rows again: a submission committed between the two reads is not an orphan.
        orphans = [key for key in orphans if key not in self._referenced()] if orphans else []
        missing = [referenced[key] for key in sorted(referenced.keys() - stored)]
        at_rest = self._second_factors.totp_secrets_at_rest() if self._second_factors is not None else None
        return Report(
            referenced=len(referenced),
            stored=len(stored),
            orphaned_blobs=orphans,
            missing_blobs=missing,
            incomplete_writes=self._store.incomplete(grace_seconds),
            plaintext_totp_secrets=list(at_rest.plaintext) if at_rest else [],
            unreadable_totp_secrets=list(at_rest.unreadable) if at_rest else [],
            plaintext_totp_refused=self._second_factors.plaintext_refused() if self._second_factors else False,
        )

    def repair(self, grace_seconds: float = DEFAULT_GRACE_SECONDS) -> Report:
        # Sealing is safe whatever the store holds: done first, before any refusal about blobs.
        sealed = self._second_factors.seal_plaintext_totp_secrets() if self._second_factors is not None else []
        report = self.check(grace_seconds)
        report.sealed_totp_secrets = sealed
        if report.orphaned_blobs:
            if report.missing_blobs:
                raise RepairRefused(
                    "rows lack their blobs as well as blobs lacking rows: the store or the database is "
                    "probably not the right one. Nothing was deleted."
                )
            if report.referenced == 0:
                raise RepairRefused(
                    "the database names no blob at all while the store holds some: is this the right "
                    "database? Nothing was deleted."
                )
        for key in report.orphaned_blobs:
            self._store.delete(key)
            report.deleted_orphans.append(key)
        report.discarded_incomplete = self._store.discard_incomplete(grace_seconds)
        return report

"""Applying the retention policy: rows first (one transaction), then their blobs.

Rows go first so that a crash in between leaves orphaned ciphertext, which `tipline check
--repair` removes, rather than rows pointing at nothing. Every deletion writes an audit entry
through the :class:`AuditRecorder` it is given, naming only the source's designation, in the
same transaction as the rows: a deletion is never committed without its entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from tipline.db import SessionFactory, empty_the_wal, today
from tipline.retention.policy import RetentionPolicy
from tipline.sources.models import Source
from tipline.storage import BlobStore
from tipline.submissions import upkeep
from tipline.tombstones import bury

# Any constant shared by every server: only one of them applies the policy at a time.
_ADVISORY_LOCK = 0x7419_1E7E


class AuditRecorder(Protocol):
    def record(self, session: Session, action: str, designation: str) -> None:
        """An entry in ``session``'s transaction: the deletion's."""


class NoAudit:
    """The default until the audit log is wired in: records nothing."""

    def record(self, session: Session, action: str, designation: str) -> None:
        return None


@dataclass
class SourceDeletion:
    designation: str
    whole_source: bool = False
    batches: int = 0
    submissions: int = 0
    replies: int = 0


@dataclass
class RetentionReport:
    dry_run: bool
    sources: list[SourceDeletion] = field(default_factory=list)
    blobs: list[str] = field(default_factory=list)
    skipped: bool = False  # another server holds the lock

    @property
    def deleted_sources(self) -> int:
        return sum(1 for s in self.sources if s.whole_source)

    @property
    def deleted_batches(self) -> int:
        return sum(s.batches for s in self.sources)

    @property
    def deleted_submissions(self) -> int:
        return sum(s.submissions for s in self.sources)

    @property
    def deleted_replies(self) -> int:
        return sum(s.replies for s in self.sources)

    def summary(self) -> str:
        """Counts only: this line may reach a log, so it names no source."""
        verb = "would delete" if self.dry_run else "deleted"
        return (
            f"retention {verb}: {self.deleted_sources} source(s), {self.deleted_batches} batch(es) with "
            f"{self.deleted_submissions} submission(s), {self.deleted_replies} reply(ies), {len(self.blobs)} blob(s)"
        )


class RetentionService:
    def __init__(
        self,
        sessions: SessionFactory,
        store: BlobStore,
        policy: RetentionPolicy,
        audit: AuditRecorder | None = None,
        clock: Callable[[], datetime.date] = today,
    ) -> None:
        self._sessions = sessions
        self._store = store
        self.policy = policy
        self._audit = audit or NoAudit()
        self._clock = clock

    def run(self, *, dry_run: bool = False) -> RetentionReport:
        report = RetentionReport(dry_run)
        if not self.policy.enabled:
            return report
        day = self._clock()
        with self._sessions.begin() as session:
            if not dry_run and not _take_lock(session):
                report.skipped = True
                return report
            self._plan_and_delete(session, day, report, dry_run)
            if not dry_run:
                for deletion in report.sources:
                    self._write_audit(session, deletion)
        if not dry_run:
            for blob in report.blobs:
                self._store.delete(blob)
            if report.sources:
                empty_the_wal(self._sessions)  # the WAL keeps what was deleted until then (T1)
        return report

    def _write_audit(self, session: Session, deletion: SourceDeletion) -> None:
        if deletion.whole_source:
            self._audit.record(session, "retention.source_deleted", deletion.designation)
            return
        if deletion.batches:
            self._audit.record(session, "retention.submissions_deleted", deletion.designation)
        if deletion.replies:
            self._audit.record(session, "retention.replies_deleted", deletion.designation)

    def _plan_and_delete(self, session: Session, day: datetime.date, report: RetentionReport, dry_run: bool) -> None:
        policy = self.policy
        last_material = upkeep.last_received_on(session)
        grace_cutoff = RetentionPolicy.cutoff(day, policy.grace_days)
        source_cutoff = RetentionPolicy.cutoff(day, policy.source_days)
        batch_cutoff = RetentionPolicy.cutoff(day, policy.submission_days)
        reply_cutoff = RetentionPolicy.cutoff(day, policy.reply_days)
        for source in session.scalars(select(Source).order_by(Source.id)).all():
            material_on = last_material.get(source.id, source.created_on)
            if grace_cutoff is not None and material_on > grace_cutoff:
                continue  # the source added material recently: its grace period is running
            whole = source_cutoff is not None and source.last_activity_on <= source_cutoff
            due = upkeep.due_material(
                session, source.id, batch_cutoff=batch_cutoff, reply_cutoff=reply_cutoff, everything=whole
            )
            if not (whole or due):
                continue
            report.sources.append(
                SourceDeletion(
                    source.designation,
                    whole_source=whole,
                    batches=len(due.batch_ids),
                    submissions=due.submissions,
                    replies=len(due.reply_ids),
                )
            )
            report.blobs += due.blobs
            if dry_run:
                continue
            # The source's tombstone after its items' (a ?since= sync reads them in stamp order).
            upkeep.delete_due(session, due)
            if whole:
                bury(session, "source", [source.uuid])
                session.execute(delete(Source).where(Source.id == source.id))


def _take_lock(session: Session) -> bool:
    """PostgreSQL: one server at a time (released at commit). SQLite serialises writers itself."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK}))

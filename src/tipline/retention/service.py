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
from typing import Protocol, TypeVar

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

from tipline.db import SessionFactory, empty_the_wal, today
from tipline.retention.policy import RetentionPolicy
from tipline.sources.models import Source
from tipline.storage import BlobStore
from tipline.submissions.models import Batch, Reply, Submission
from tipline.tombstones import bury

_Dated = TypeVar("_Dated", Batch, Reply)

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
        last_material = dict(
            session.execute(select(Batch.source_id, func.max(Batch.received_on)).group_by(Batch.source_id)).all()
        )
        grace_cutoff = RetentionPolicy.cutoff(day, policy.grace_days)
        source_cutoff = RetentionPolicy.cutoff(day, policy.source_days)
        batch_cutoff = RetentionPolicy.cutoff(day, policy.submission_days)
        reply_cutoff = RetentionPolicy.cutoff(day, policy.reply_days)
        for source in session.scalars(select(Source).order_by(Source.id)).all():
            material_on = last_material.get(source.id, source.created_on)
            if grace_cutoff is not None and material_on > grace_cutoff:
                continue  # the source added material recently: its grace period is running
            deletion = SourceDeletion(source.designation)
            whole = source_cutoff is not None and source.last_activity_on <= source_cutoff
            due_batches = self._due(
                session,
                model=Batch,
                dated=Batch.received_on,
                source_id=source.id,
                cutoff=batch_cutoff,
                everything=whole,
            )
            due_replies = self._due(
                session, model=Reply, dated=Reply.sent_on, source_id=source.id, cutoff=reply_cutoff, everything=whole
            )
            batch_ids = [batch.id for batch in due_batches]
            blobs = [batch.manifest_blob for batch in due_batches] + [reply.blob for reply in due_replies]
            if batch_ids:
                blobs += list(session.scalars(select(Submission.blob).where(Submission.batch_id.in_(batch_ids))))
            deletion.whole_source = whole
            deletion.batches = len(batch_ids)
            deletion.submissions = len(blobs) - len(due_batches) - len(due_replies)
            deletion.replies = len(due_replies)
            if not (whole or batch_ids or due_replies):
                continue
            report.sources.append(deletion)
            report.blobs += blobs
            if dry_run:
                continue
            # Explicit deletes (not only ON DELETE CASCADE) so SQLite without foreign keys agrees.
            # Tombstones first (the uuids are read from the rows), so that ?since= sync learns of it.
            if batch_ids:
                bury(
                    session,
                    "submission",
                    list(session.scalars(select(Submission.uuid).where(Submission.batch_id.in_(batch_ids)))),
                )
            bury(session, "reply", [reply.uuid for reply in due_replies])
            if whole:
                bury(session, "source", [source.uuid])
            if batch_ids:
                session.execute(delete(Submission).where(Submission.batch_id.in_(batch_ids)))
                session.execute(delete(Batch).where(Batch.id.in_(batch_ids)))
            if due_replies:
                session.execute(delete(Reply).where(Reply.id.in_([reply.id for reply in due_replies])))
            if whole:
                session.execute(delete(Source).where(Source.id == source.id))

    @staticmethod
    def _due(
        session: Session,
        *,
        model: type[_Dated],
        dated: InstrumentedAttribute[datetime.date],
        source_id: int,
        cutoff: datetime.date | None,
        everything: bool,
    ) -> list[_Dated]:
        if not everything and cutoff is None:
            return []
        query = select(model).where(model.source_id == source_id)
        if not everything:
            query = query.where(dated <= cutoff)
        return list(session.scalars(query).all())


def _take_lock(session: Session) -> bool:
    """PostgreSQL: one server at a time (released at commit). SQLite serialises writers itself."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK}))

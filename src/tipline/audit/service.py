"""Recording and reading the audit log. There is deliberately no update or delete method."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypedDict, Unpack

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tipline.audit.models import AuditEntry
from tipline.db import SessionFactory


@dataclass(frozen=True)
class AuditRecord:
    id: int
    occurred_at: datetime.datetime
    actor: str
    action: str
    source_designation: str | None
    target_journalist: str | None
    detail: str
    via: str


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditRecord]
    total: int
    page: int
    per_page: int


class EntryDetails(TypedDict, total=False):
    """What an entry may say beyond who did what: the source (by designation), the journalist
    acted on, a short detail (cut to 256 characters) and the interface ("web" unless told)."""

    source_designation: str | None
    target_journalist: str | None
    detail: str
    via: str


def add_entry(session: Session, actor: str, action: str, **details: Unpack[EntryDetails]) -> None:
    """An entry in the caller's transaction: the action and its record commit or roll back together."""
    now = datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)
    session.add(
        AuditEntry(
            occurred_at=now,
            actor=actor,
            action=action,
            source_designation=details.get("source_designation"),
            target_journalist=details.get("target_journalist"),
            detail=details.get("detail", "")[:256],
            via=details.get("via", "web"),
        )
    )


class AuditLog:
    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions

    def record(self, actor: str, action: str, **details: Unpack[EntryDetails]) -> None:
        """An entry in a transaction of its own (for actions that change nothing else)."""
        with self._sessions.begin() as session:
            add_entry(session, actor, action, **details)

    def page(self, page: int = 1, per_page: int = 50) -> AuditPage:
        with self._sessions() as session:
            total = session.scalar(select(func.count(AuditEntry.id))) or 0
            rows = session.scalars(
                select(AuditEntry).order_by(AuditEntry.id.desc()).offset((page - 1) * per_page).limit(per_page)
            ).all()
        entries = [
            AuditRecord(
                r.id,
                r.occurred_at if r.occurred_at.tzinfo else r.occurred_at.replace(tzinfo=datetime.UTC),
                r.actor,
                r.action,
                r.source_designation,
                r.target_journalist,
                r.detail,
                r.via,
            )
            for r in rows
        ]
        return AuditPage(entries, total, page, per_page)


class RetentionAudit:
    """The audit log as the retention job's recorder: deletions on schedule, by the system, each
    entry in the deletion's own transaction."""

    def __init__(self, log: AuditLog) -> None:
        self._log = log

    def record(self, session: Session, action: str, designation: str) -> None:
        add_entry(session, "system", action, source_designation=designation, via="schedule")

"""How long things live. Every period is in days; 0 keeps for ever."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tipline.config import Settings


@dataclass(frozen=True)
class RetentionPolicy:
    # A batch (message, files, manifest) is deleted this many days after it arrived.
    submission_days: int = 0
    # A reply is deleted this many days after it was sent.
    reply_days: int = 0
    # A source's whole account goes after this many days without activity (login or sending).
    source_days: int = 0
    # Nothing of a source is deleted until this many days after it last added material: a
    # conversation in progress is never cut off mid-way. Restarts at every new submission.
    grace_days: int = 14

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPolicy:
        return cls(
            submission_days=settings.submission_retention_days,
            reply_days=settings.reply_retention_days,
            source_days=settings.source_retention_days,
            grace_days=settings.retention_grace_days,
        )

    @property
    def enabled(self) -> bool:
        return any((self.submission_days, self.reply_days, self.source_days))

    @staticmethod
    def cutoff(today: datetime.date, days: int) -> datetime.date | None:
        """Things dated on or before this day are due; None when the period is 0 (keep)."""
        return today - datetime.timedelta(days=days) if days > 0 else None

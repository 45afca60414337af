"""Imports every model so that Base.metadata knows all tables (for Alembic and tests)."""

from tipline.audit.models import AuditEntry
from tipline.cases.models import Case, Label, SourceLabel
from tipline.journalists.models import ApiToken, Journalist, LoginFailure, SecurityKey
from tipline.sequence import ChangeClock
from tipline.sources.models import Source
from tipline.state.models import SharedCounter, SharedSession
from tipline.submissions.models import Batch, Reply, SeenReply, SeenSubmission, Submission
from tipline.tombstones import Tombstone

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Batch",
    "Case",
    "ChangeClock",
    "Journalist",
    "Label",
    "LoginFailure",
    "Reply",
    "SecurityKey",
    "SeenReply",
    "SeenSubmission",
    "SharedCounter",
    "SharedSession",
    "Source",
    "SourceLabel",
    "Submission",
    "Tombstone",
]

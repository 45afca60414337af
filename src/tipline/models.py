"""Imports every model so that Base.metadata knows all tables (for Alembic and tests)."""

from tipline.audit.models import AuditEntry
from tipline.cases.models import Case, Label, SourceLabel
from tipline.journalists.models import ApiToken, Journalist, LoginFailure, SecurityKey
from tipline.questionnaires.models import QuestionnaireRow
from tipline.sequence import ChangeClock
from tipline.sources.models import Source
from tipline.state.models import SharedCounter, SharedSession
from tipline.submissions.models import Batch, Reply, Submission

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Batch",
    "Case",
    "ChangeClock",
    "Journalist",
    "Label",
    "LoginFailure",
    "QuestionnaireRow",
    "Reply",
    "SecurityKey",
    "SharedCounter",
    "SharedSession",
    "Source",
    "SourceLabel",
    "Submission",
]

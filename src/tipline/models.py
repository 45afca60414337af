"""Imports every model so that Base.metadata knows all tables (for Alembic and tests)."""

from tipline.audit.models import AuditEntry
from tipline.cases.models import CaseNote, Label, SourceLabel, TriageCase
from tipline.journalists.models import ApiToken, Journalist, LoginFailure, SecurityKey
from tipline.keyring.models import NewsroomKey
from tipline.questionnaires.models import QuestionnaireRow
from tipline.sequence import ChangeClock
from tipline.sources.models import Source
from tipline.state.models import SharedSession
from tipline.submissions.models import Batch, Reply, SeenReply, SeenSubmission, Submission
from tipline.tombstones import Tombstone

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Batch",
    "CaseNote",
    "ChangeClock",
    "Journalist",
    "Label",
    "LoginFailure",
    "NewsroomKey",
    "QuestionnaireRow",
    "Reply",
    "SecurityKey",
    "SeenReply",
    "SeenSubmission",
    "SharedSession",
    "Source",
    "SourceLabel",
    "Submission",
    "Tombstone",
    "TriageCase",
]

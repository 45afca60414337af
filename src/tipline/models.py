"""Imports every model so that Base.metadata knows all tables (for Alembic and tests)."""

from tipline.journalists.models import ApiToken, Journalist
from tipline.sources.models import Source
from tipline.state.models import SharedCounter, SharedSession
from tipline.submissions.models import Batch, Reply, Submission

__all__ = ["ApiToken", "Batch", "Journalist", "Reply", "SharedCounter", "SharedSession", "Source", "Submission"]

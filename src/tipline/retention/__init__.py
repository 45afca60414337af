"""Deleting on schedule what the newsroom no longer needs to keep (a seized server holds less)."""

from tipline.retention.policy import RetentionPolicy
from tipline.retention.service import AuditRecorder, NoAudit, RetentionReport, RetentionService, SourceDeletion

__all__ = ["AuditRecorder", "NoAudit", "RetentionPolicy", "RetentionReport", "RetentionService", "SourceDeletion"]

"""Does the database agree with the blob store? (`tipline check`)"""

from tipline.integrity.check import IntegrityChecker, MissingBlob, RepairRefused, Report

__all__ = ["IntegrityChecker", "MissingBlob", "RepairRefused", "Report"]

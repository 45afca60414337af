"""Does the database agree with the blob store? (`tipline check`)"""

from tipline.errors import RepairRefused
from tipline.integrity.check import IntegrityChecker, MissingBlob, Report

__all__ = ["IntegrityChecker", "MissingBlob", "RepairRefused", "Report"]

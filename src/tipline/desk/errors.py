"""The desk's one exception type for problems the journalist can fix (re-exported by store)."""

from __future__ import annotations


class DeskError(Exception):
    """A problem the journalist can fix (not logged in, no such source, bad identity file)."""

"""Checking what the server says before the desk uses it (threat T9: a server taken over lies).

Whoever holds the server — or only the newsroom's public recipient, enough to forge a batch —
chooses every field the desk receives. Each field is checked where it is used: ids must be
UUIDs, dates a strict day, counts integers, texts bounded and free of control characters, keys
valid age recipients; and every path the desk writes must resolve inside the desk folder
(:func:`inside`), whatever went into it.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import uuid
from pathlib import Path

from tipline.crypto.age import is_valid_recipient
from tipline.desk.errors import OutsideDeskFolder, UntrustedValue

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# The server sends days ("2026-11-26"); older versions sent midnight datetimes. Nothing else.
_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})?)?")
_TOKEN = re.compile(r"[A-Za-z0-9._~+/=-]{16,512}")  # goes into an HTTP header: nothing else
_SHA256 = re.compile(r"[0-9a-f]{64}")
_API_PATH = re.compile(r"/api/v1/[A-Za-z0-9/_.-]{1,300}(?:\?[A-Za-z0-9=&_.-]{0,200})?")
MAX_COUNT = 2**53  # JSON's exact integers; a size or a count never comes near
MAX_DESIGNATION_CHARS = 100
MAX_KIND_CHARS = 20
# Unicode categories never shown or stored as part of a name: control (C0, C1: ESC, CSI…),
# format (bidi overrides, zero-width), surrogates, private use, line and paragraph separators.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


def _shown(value: object) -> str:
    return ascii(value)[:80]


def checked_uuid(value: object, what: str = "id") -> str:
    """A UUID in its canonical lowercase form; anything else ("../..", "{…}", an int) refused."""
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        raise UntrustedValue(f"the server sent an invalid {what}: {_shown(value)}")
    return str(uuid.UUID(value))


def checked_day(value: object, what: str = "date") -> str:
    """A calendar day "YYYY-MM-DD" (a real one), from a day or a day-with-time string."""
    match = _DAY.fullmatch(value) if isinstance(value, str) else None
    try:
        day = datetime.date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        day = None
    if day is None:
        raise UntrustedValue(f"the server sent an invalid {what}: {_shown(value)}")
    return day.isoformat()


def checked_count(value: object, what: str = "count") -> int:
    """A non-negative integer (JSON numbers only: not a bool, a float or a string)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
        raise UntrustedValue(f"the server sent an invalid {what}: {_shown(value)}")
    return value


def checked_text(value: object, what: str, max_chars: int) -> str:
    """A one-line text of at most ``max_chars`` characters, invisible characters removed."""
    if not isinstance(value, str) or len(value) > max_chars:
        raise UntrustedValue(f"the server sent an invalid {what}: {_shown(value)}")
    text = " ".join(without_invisible(value).split())
    if not text:
        raise UntrustedValue(f"the server sent an empty {what}: {_shown(value)}")
    return text


def checked_recipient(value: object, what: str = "age recipient") -> str:
    if not isinstance(value, str) or not is_valid_recipient(value):
        raise UntrustedValue(f"the server sent an invalid {what}: {_shown(value)}")
    return value


def checked_token(value: object) -> str:
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        raise UntrustedValue("the server sent an invalid API token")
    return value


def checked_sha256(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise UntrustedValue(f"the server sent an invalid sha256: {_shown(value)}")
    return value


def checked_api_path(value: object, what: str) -> str:
    """A path on this server's API (no scheme, no host, no "..")."""
    if not isinstance(value, str) or not _API_PATH.fullmatch(value) or ".." in value.partition("?")[0].split("/"):
        raise UntrustedValue(f"the server sent an invalid {what}: {_shown(value)}")
    return value


def without_invisible(text: str, *, keep: str = "") -> str:
    """``text`` without control, format and separator characters (those in ``keep`` stay)."""
    return "".join(char for char in text if char in keep or unicodedata.category(char) not in _INVISIBLE)


def inside(desk_root: Path, path: Path) -> Path:
    """``path``, resolved (symlinks followed), if it lies inside ``desk_root``; else refused.

    Every writer of the desk calls this on what it is about to write: whatever a server or a
    manifest put into a name, nothing lands outside the desk folder.
    """
    root = desk_root.expanduser().resolve()
    resolved = (root / path).resolve() if not path.is_absolute() else path.resolve()
    if resolved != root and not resolved.is_relative_to(root):
        raise OutsideDeskFolder(f"refusing to write outside the desk folder {root}: {_shown(str(path))}")
    return resolved

"""Reading metadata with exiftool (sandboxed) and judging what must never remain."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tipline.desk.errors import MetadataUnreadable
from tipline.desk.sandbox import SANDBOX_WORK, run_sandboxed

# Groups that describe the file on disk or exiftool itself, not what the file carries.
# (Composite stays: exiftool's derived GPSPosition reveals location data in any container.)
_NOISE_GROUPS = {"ExifTool", "System", "File", "ZIP", "SourceFile"}
# Structure that a rewritten file may report differently; not metadata anyone removed.
_STRUCTURE_TAGS = {"PageCount", "PDFVersion", "Linearized", "JFIFVersion", "EncodingProcess", "ExifByteOrder"}
# What identifies a source or their device (threat T5), by exiftool tag name. Each entry is a
# regular expression matched against the whole tag name, case-insensitively.
_FORBIDDEN = {
    "GPS": r"GPS.*|Location.*|.*Coordinates",
    "camera serial": r".*Serial.*",
    "author": r"Author|Artist|Creator|LastModifiedBy|By-line|Writer|Owner(Name)?|CameraOwnerName|XPAuthor",
    "software": r"Software|CreatorTool|Producer|Application|AppVersion|ProcessingSoftware|HistorySoftwareAgent",
}
_FORBIDDEN_RE = {label: re.compile(pattern, re.IGNORECASE) for label, pattern in _FORBIDDEN.items()}


def read_tags(work: Path, name: str) -> dict[str, str]:
    """{"Group:Tag": value} for ``work/name``, as exiftool sees it, without file-system noise."""
    result = run_sandboxed(["exiftool", "-j", "-G1", "-a", "-u", "--", f"{SANDBOX_WORK}/{name}"], work, timeout=120)
    try:
        parsed = json.loads(result.stdout or "[]")
    except ValueError:
        raise MetadataUnreadable(f"exiftool: {result.stderr.strip()[:200]}") from None
    if not isinstance(parsed, list) or not parsed or not isinstance(parsed[0], dict):
        raise MetadataUnreadable(f"exiftool: {result.stderr.strip()[:200]}")
    tags = {}
    for key, value in parsed[0].items():
        group, _, tag = str(key).rpartition(":")
        if group in _NOISE_GROUPS or not group or tag in _STRUCTURE_TAGS:
            continue
        tags[str(key)] = str(value)
    return tags


def forbidden_tags(tags: dict[str, str]) -> list[str]:
    """The tags that must not survive cleaning, as "Group:Tag (kind)"."""
    found = []
    for key in sorted(tags):
        tag = key.rpartition(":")[2]
        for label, pattern in _FORBIDDEN_RE.items():
            if pattern.fullmatch(tag):
                found.append(f"{key} ({label})")
                break
    return found


def describe(tags: dict[str, str], keys: list[str]) -> list[str]:
    """Report lines "Group:Tag: value" with values shortened and made printable."""
    lines = []
    for key in keys:
        value = "".join(char if char.isprintable() else "?" for char in tags[key])
        lines.append(f"{key}: {value[:80]}{'…' if len(value) > 80 else ''}")
    return lines

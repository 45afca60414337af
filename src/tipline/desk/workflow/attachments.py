"""The exposure check's look at linked files: each must be a cleaned copy without identifying
metadata (read by exiftool in the desk's offline sandbox); a file identical to one a source sent
names that source."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from tipline.desk.errors import MetadataUnreadable, SandboxUnavailable
from tipline.desk.sandboxed_metadata import exiftool_json
from tipline.desk.workflow.exposure_report import ATTACHMENT, Flag, line_of
from tipline.desk.workflow.material import Material, is_cleaned


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


RISKY_GROUPS = frozenset(
    {"EXIF", "GPS", "XMP", "IPTC", "MakerNotes", "Photoshop", "XMP-exif", "XMP-xmp", "XMP-dc", "XMP-photoshop"}
)
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


class AttachmentCheck:
    def __init__(self, exiftool: str | None) -> None:
        self.exiftool = exiftool

    def flags(self, draft: str, base: Path, material: Sequence[Material]) -> list[Flag]:
        """A flag for each linked file that is missing, not a cleaned copy, or still carries metadata."""
        by_hash: dict[str, set[str]] = {}
        for m in material:
            if m.text is None and m.path.is_file():
                by_hash.setdefault(_sha256(m.path), set()).add(m.designation)
        flags = []
        for match in LINK.finditer(draft):
            target = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) and not target.startswith("file:"):
                continue  # a web link, not an attachment
            path = Path(target.removeprefix("file://")).expanduser()
            path = path if path.is_absolute() else base / path
            line, start, end = line_of(draft, match.start()), match.start(), match.end()
            if not path.is_file():
                flags.append(Flag(ATTACHMENT, target, line, start, end, "referenced file not found: cannot check it"))
                continue
            who = tuple(sorted(by_hash.get(_sha256(path), set())))
            problems = []
            if not is_cleaned(path):
                problems.append("not a cleaned copy")
            metadata = self.metadata(path)
            if metadata:
                problems.append("still carries metadata: " + ", ".join(metadata[:8]))
            if problems:
                flags.append(Flag(ATTACHMENT, target, line, start, end, "; ".join(problems), who))
        return flags

    def metadata(self, path: Path) -> list[str]:
        """Identifying tags exiftool finds (GPS, camera, author, dates …); fail closed without exiftool."""
        if self.exiftool is None:
            return ["exiftool not found, metadata not checked"]
        try:
            # Hostile originals may be attached: exiftool runs in the desk's sandbox, offline.
            tags = exiftool_json(path, ("-G", "-a"))
        except (MetadataUnreadable, SandboxUnavailable, OSError):
            return ["exiftool could not read the file"]
        risky = []
        for key in tags:
            group, _, name = key.partition(":")
            gps = group == "Composite" and name.startswith("GPS")
            pdf = group == "PDF" and name in {"Author", "Creator", "Producer", "Title", "Subject", "Keywords"}
            comment = group in {"File", "PNG", "JFIF"} and name in {"Comment", "Author", "Software", "CreationTime"}
            if group in RISKY_GROUPS or gps or pdf or comment:
                risky.append(key)
        # Location first, then the camera: what identifies a person most goes at the head of the reason.
        return sorted(risky, key=lambda key: (0 if "GPS" in key else 1 if key.endswith(("Make", "Model")) else 2, key))

"""exiftool on any file, inside the desk's sandbox: for readers other than the cleaner.

The files it reads (a draft's attachments, the originals a source sent) may be crafted to
exploit exiftool's many parsers (T8). Like the cleaner's checks (tipline.desk.metadata), it runs
inside bubblewrap with no network, no capabilities and nothing of the desk writable: the file is
mounted read-only into an empty work folder, never copied, and its name never reaches a command
line (exiftool sees "input" plus a checked extension).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tipline.desk.errors import MetadataUnreadable
from tipline.desk.sandbox import SANDBOX_WORK, run_sandboxed

_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,16}")


def exiftool_json(path: Path, options: Sequence[str] = ("-G", "-a"), timeout: float = 120) -> dict[str, object]:
    """exiftool's JSON object for ``path``, read inside the sandbox.

    Raises MetadataUnreadable when exiftool cannot read it, SandboxUnavailable without bubblewrap.
    """
    source = path.resolve(strict=True)
    extension = source.suffix if _EXTENSION.fullmatch(source.suffix) else ""
    name = f"input{extension}"
    work = Path(tempfile.mkdtemp(prefix="tags-"))
    try:
        result = run_sandboxed(
            ["exiftool", "-j", *options, "--", f"{SANDBOX_WORK}/{name}"],
            work,
            timeout=timeout,
            read_only={str(source): f"{SANDBOX_WORK}/{name}"},
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    try:
        parsed = json.loads(result.stdout or "[]")
    except ValueError:
        parsed = None
    if not isinstance(parsed, list) or not parsed or not isinstance(parsed[0], dict):
        raise MetadataUnreadable(f"exiftool: {' '.join(result.stderr.split())[:200]}")
    return {str(key): value for key, value in parsed[0].items()}

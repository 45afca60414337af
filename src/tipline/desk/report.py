"""Per-batch reports: report.json (for `desk show`) and REPORT.txt (for people)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tipline.desk.store import write_json

REPORT_JSON = "report.json"
REPORT_TEXT = "REPORT.txt"
# Names the desk writes itself; a source's file never takes them.
RESERVED_NAMES = frozenset({REPORT_JSON.lower(), REPORT_TEXT.lower()})


def write_reports(
    folder: Path, source: dict[str, Any], batch_uuid: str, received_on: str, entries: list[dict[str, Any]]
) -> None:
    body = {
        "source": source.get("uuid"),
        "designation": source.get("journalist_designation"),
        "batch": batch_uuid,
        "received_on": received_on[:10],
        "files": entries,
    }
    lines = [
        f"Source: {source.get('journalist_designation')} ({source.get('uuid')})",
        f"Batch:  {batch_uuid}, received {received_on[:10]}",
        "",
    ]
    for entry in entries:
        lines.append(f"{entry['saved_as'] or 'submission ' + entry['submission']}  [{entry['status']}]")
        if entry.get("name_in_manifest") and entry["name_in_manifest"] != ascii(entry["saved_as"]):
            lines.append(f"  name in manifest: {entry['name_in_manifest']}")
        if entry.get("cleaned_as"):
            lines.append(f"  cleaned copy: {entry['cleaned_as']}")
        if entry["status"] == "NOT CLEANED":
            lines.append("  NOT CLEANED: do not publish or forward this file; check it by hand.")
        lines.extend(f"  removed {line}" for line in entry.get("removed", []))
        lines.extend(f"  note: {note}" for note in entry.get("notes", []))
        lines.append("")
    (folder / REPORT_TEXT).write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    # report.json last: its presence means the batch is fully opened.
    write_json(folder / REPORT_JSON, body)

"""Per-batch reports: report.json (for `desk show`) and REPORT.txt (for people)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tipline.desk.kept import KeptSource
from tipline.desk.store import write_json, write_private
from tipline.submissions.manifest import Manifest, answers_as_text

REPORT_JSON = "report.json"
REPORT_TEXT = "REPORT.txt"
ANSWERS_TEXT = "answers.txt"
# Names the desk writes itself; a source's file never takes them.
RESERVED_NAMES = frozenset({REPORT_JSON.lower(), REPORT_TEXT.lower(), ANSWERS_TEXT.lower()})


def write_reports(
    folder: Path,
    source: KeptSource,
    batch_uuid: str,
    received_on: str,
    entries: list[dict[str, Any]],
    *,
    manifest: Manifest | None = None,
) -> None:
    body: dict[str, Any] = {
        "source": source.uuid,
        "designation": source.journalist_designation or None,
        "batch": batch_uuid,
        "received_on": received_on[:10],
        "files": entries,
    }
    lines = [
        f"Source: {source.journalist_designation or None} ({source.uuid})",
        f"Batch:  {batch_uuid}, received {received_on[:10]}",
        "",
    ]
    if manifest is not None and manifest.answers:
        # The questionnaire's answers, questions paired with answers, as the source sent them.
        body["questionnaire"] = {
            "language": manifest.answers_language,
            "answers": [{"question": a.question, "kind": a.kind, "answer": a.answer} for a in manifest.answers],
            "saved_as": ANSWERS_TEXT,
        }
        text = answers_as_text(manifest.answers)
        header = f"Answers to the questionnaire ({manifest.answers_language or 'language not given'})\n\n"
        write_private(folder / ANSWERS_TEXT, (header + text).encode("utf-8"))
        lines += [f"{ANSWERS_TEXT}  [questionnaire answers]", *(f"  {line}" for line in text.splitlines()), ""]
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

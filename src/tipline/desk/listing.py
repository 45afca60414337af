"""`desk list` and `desk show`: tables from what is on this desk (works offline)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tipline.desk.opener import batch_reports, source_folder
from tipline.desk.scrub import NOT_CLEANED
from tipline.desk.store import DeskFolder
from tipline.desk.terminal import plain

# Every cell is a Text (never parsed as markup) of text without control characters: designations,
# filenames and notes come from sources, from a server that may lie, or from hostile files.
_plain = plain


def sources_table(desk: DeskFolder) -> Table:
    table = Table(title="Sources")
    for column in (
        "designation",
        "uuid",
        "submissions",
        "downloaded",
        "opened",
        "not cleaned",
        "replies",
        "last",
        "safety codename",
    ):
        table.add_column(column)
    for source in desk.known_sources():
        submissions = source.get("submissions", [])
        inbox = desk.source_inbox(str(source["uuid"]))
        downloaded = sum(1 for s in submissions if (inbox / str(s.get("batch_uuid")) / f"{s.get('uuid')}.age").exists())
        reports = batch_reports(desk, source)
        files = [entry for report in reports for entry in report.get("files", [])]
        not_cleaned = sum(1 for entry in files if entry.get("status") == NOT_CLEANED)
        table.add_row(
            _plain(source.get("journalist_designation")),
            _plain(source.get("uuid")),
            _plain(len(submissions)),
            _plain(downloaded),
            _plain(len(files)),
            Text(str(not_cleaned), style="bold red") if not_cleaned else _plain(0),
            _plain(source.get("number_of_replies")),
            _plain(str(source.get("last_updated", ""))[:10]),
            _safety_cell(source),
        )
    return table


def _safety_cell(source: dict[str, Any]) -> Text:
    """The safety codename's mark (docs/duress-design.md), in red: reply nothing sensitive."""
    if source.get("safety_codename_used_on"):
        return _plain(f"used {str(source['safety_codename_used_on'])[:10]}", style="bold red")
    if source.get("safety_codename_of"):
        return _plain(f"IS the safety codename of {source['safety_codename_of']}", style="bold red")
    return _plain("")


def safety_warnings(source: dict[str, Any]) -> list[str]:
    """What `desk show` says first about a source whose safety codename was used."""
    warnings = []
    if source.get("safety_codename_used_on"):
        warnings.append(
            f"WARNING: this source's safety codename was used on {str(source['safety_codename_used_on'])[:10]}: "
            "someone may have been watching them. Reply nothing sensitive."
        )
    if source.get("safety_codename_of"):
        warnings.append(
            f"WARNING: this account is the safety codename of source {source['safety_codename_of']}: what it sent "
            "was sent while someone may have been watching, and whoever watches can read replies here. "
            "Reply nothing sensitive."
        )
    return warnings


def show_source(console: Console, desk: DeskFolder, source: dict[str, Any]) -> None:
    console.print(_plain(f"{source.get('journalist_designation')}  {source.get('uuid')}"), style="bold")
    for warning in safety_warnings(source):
        console.print(_plain(warning), style="bold red")
    console.print(_plain(f"folder: {source_folder(desk, source)}/<day>_<batch uuid>/"))
    opened = {}
    for report in batch_reports(desk, source):
        for entry in report.get("files", []):
            opened[entry.get("submission")] = (report["folder"], entry)
    table = Table(title="Submissions")
    for column in ("received", "kind", "batch folder", "file", "cleaned copy", "status", "removed / notes"):
        # Fold, never cut with an ellipsis: a name or status must be readable whole.
        table.add_column(column, overflow="fold")
    for submission in sorted(source.get("submissions", []), key=lambda s: str(s.get("received_on"))):
        folder, entry = opened.get(submission.get("uuid"), (None, {}))
        status = entry.get("status", "not opened")
        table.add_row(
            _plain(str(submission.get("received_on", ""))[:10]),
            _plain(submission.get("kind")),
            _plain(folder or str(submission.get("batch_uuid", ""))),
            _plain(entry.get("saved_as") or ""),
            _plain(entry.get("cleaned_as") or ""),
            _plain(status, style="bold red") if str(status).startswith("NOT ") else _plain(status),
            _plain("\n".join(map(str, [*entry.get("removed", []), *entry.get("notes", [])])), multiline=True),
        )
    console.print(table)
    for report in batch_reports(desk, source):
        _print_answers(console, report)
    replies = Table(title="Replies sent from this desk")
    for column in ("sent", "uuid", "by", "characters", "copy"):
        replies.add_column(column)
    for reply in desk.replies_of(str(source["uuid"])):
        replies.add_row(*(_plain(reply.get(key)) for key in ("sent_on", "uuid", "by", "characters", "saved_as")))
    console.print(replies)
    console.print(_plain(f"replies on the server: {source.get('number_of_replies')}"))


def _print_answers(console: Console, report: dict[str, Any]) -> None:
    """A batch's questionnaire answers, each question beside its answer (all the source's text)."""
    questionnaire = report.get("questionnaire")
    if not isinstance(questionnaire, dict) or not isinstance(questionnaire.get("answers"), list):
        return
    table = Table(
        title=_plain(f"Questionnaire answers, batch {report.get('folder')} ({questionnaire.get('language')})")
    )
    for column in ("#", "question", "answer"):
        table.add_column(column, overflow="fold")
    for number, answer in enumerate(questionnaire["answers"], start=1):
        if not isinstance(answer, dict):
            continue
        table.add_row(
            _plain(number),
            _plain(answer.get("question"), multiline=True),
            _plain(answer.get("answer") or "-", multiline=True),
        )
    console.print(table)

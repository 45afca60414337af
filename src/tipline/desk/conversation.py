"""One source as a conversation: what `desk show` prints and the reading room shows.

Built from the desk folder alone (works offline): the source as fetched (inbox/…/source.json),
each opened batch's report.json and message, the replies and the journalists' notes decrypted
on this desk. Everything
in it is untrusted text; printers and templates escape it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipline.desk.kept import KeptSource, KeptSubmission
from tipline.desk.notes_store import NoteText, notes_on_desk
from tipline.desk.opener import NOT_DECRYPTED, batch_reports, source_folder
from tipline.desk.replies_store import ReplyText, replies_on_desk
from tipline.desk.scrub import NOT_CLEANED
from tipline.desk.store import DeskFolder
from tipline.desk.workflow.material import batch_folders

MAX_MESSAGE_CHARS = 200_000
NOT_OPENED = "not opened"

# What identifies a source or their device, by exiftool tag name (the removed lines of a report
# are "Group:Tag: value"). The order is the order of the summary.
_MATTERS = (
    ("location", re.compile(r"GPS.*|Location.*|.*Coordinates|City|Country.*|Sub-location|Province-State", re.I)),
    (
        "author",
        re.compile(r"Author|Artist|Creator|LastModifiedBy|By-line|Writer|Owner(Name)?|CameraOwnerName|XPAuthor", re.I),
    ),
    ("device", re.compile(r"Make|Model|.*Serial.*|LensModel|UniqueCameraModel|DeviceModel.*|HostComputer", re.I)),
    (
        "software",
        re.compile(
            r"Software|CreatorTool|Producer|Application|AppVersion|ProcessingSoftware|HistorySoftwareAgent", re.I
        ),
    ),
)
# exiftool's own summary of a position says it in one value; prefer it to latitude and longitude.
_POSITION = re.compile(r"GPSPosition", re.I)


def _order(label: str, tag: str) -> int:
    """Make before model before serial: the device reads as people name it."""
    if label != "device":
        return 0
    lowered = tag.lower()
    return 0 if lowered == "make" else 3 if "serial" in lowered else 1 if lowered == "model" else 2


def mattered(removed: list[str]) -> list[str]:
    """What a cleaning removed that could identify the source, one "what: values" per kind:
    "location: 37 deg 33' N, 126 deg 58' E", "device: Apple; iPhone 12; serial 1234"."""
    return [f"{label}: {values}" for label, values in mattered_by_kind(removed)]


def mattered_by_kind(removed: list[str]) -> list[tuple[str, str]]:
    """(kind, values) pairs of :func:`mattered`: kind is location, author, device or software."""
    tags = [(str(line).partition(": ")[0].rpartition(":")[2], str(line).partition(": ")[2]) for line in removed]
    has_position = any(_POSITION.fullmatch(tag) for tag, _ in tags)
    found: dict[str, list[tuple[int, str]]] = {label: [] for label, _ in _MATTERS}
    for tag, value in tags:
        for label, pattern in _MATTERS:
            if not pattern.fullmatch(tag):
                continue
            if label == "location" and has_position and not _POSITION.fullmatch(tag):
                break  # exiftool's GPSPosition already says it in one value
            shown = f"serial {value}" if "serial" in tag.lower() else value
            if shown and shown not in [v for _, v in found[label]]:
                found[label].append((_order(label, tag), shown))
            break
    return [(label, "; ".join(v for _, v in sorted(values)[:5])) for label, values in found.items() if values]


@dataclass(frozen=True)
class FileView:
    submission: str
    kind: str
    status: str
    saved_as: str | None
    cleaned_as: str | None
    name_in_manifest: str | None
    removed: list[str]
    notes: list[str]
    folder: Path | None

    @property
    def mattered(self) -> list[str]:
        return mattered(self.removed)

    @property
    def mattered_by_kind(self) -> list[tuple[str, str]]:
        return mattered_by_kind(self.removed)

    @property
    def not_cleaned(self) -> bool:
        return self.status in (NOT_CLEANED, NOT_DECRYPTED)

    @property
    def original_path(self) -> Path | None:
        return None if self.folder is None or self.saved_as is None else self.folder / self.saved_as

    @property
    def cleaned_path(self) -> Path | None:
        return None if self.folder is None or self.cleaned_as is None else self.folder / self.cleaned_as


@dataclass(frozen=True)
class BatchView:
    number: int | None  # None: not opened yet, so no folder to name
    day: str
    batch: str
    folder: Path | None
    messages: list[str]
    files: list[FileView]
    waiting: int = 0  # submissions fetched but not opened
    # The questionnaire's answers sent with this batch, (question, answer) in order; the source's text.
    answers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def not_cleaned(self) -> list[FileView]:
        # A "message" that is not text is among the files, and counts like one.
        return [f for f in self.files if f.not_cleaned]


@dataclass
class Conversation:
    source: KeptSource
    designation: str
    folder: Path
    batches: list[BatchView] = field(default_factory=list)
    replies: list[ReplyText] = field(default_factory=list)
    notes: list[NoteText] = field(default_factory=list)

    @property
    def entries(self) -> list[BatchView | ReplyText | NoteText]:
        """Batches, replies and notes in time order. Only days are known: on one day the source's
        batch comes before the replies (a reply answers what arrived), and the notes after both."""
        timed: list[tuple[str, int, int, BatchView | ReplyText | NoteText]] = []
        for index, batch in enumerate(self.batches):
            timed.append((batch.day, 0, index, batch))
        for index, reply in enumerate(self.replies):
            timed.append((reply.day, 1, index, reply))
        for index, note in enumerate(self.notes):
            timed.append((note.day, 2, index, note))
        return [entry for *_, entry in sorted(timed, key=lambda t: t[:3])]

    @property
    def not_cleaned(self) -> int:
        return sum(len(batch.not_cleaned) for batch in self.batches)

    @property
    def last_activity(self) -> str:
        days = [self.source.last_updated.isoformat() if self.source.last_updated else ""]
        days += [b.day for b in self.batches] + [r.day for r in self.replies]
        return max(days)


def _message_text(path: Path) -> str:
    try:
        data = path.read_bytes()[: MAX_MESSAGE_CHARS * 4]
    except OSError:
        return ""
    return data.decode("utf-8", errors="replace")[:MAX_MESSAGE_CHARS]


def _answers(report: dict[str, Any]) -> list[tuple[str, str]]:
    questionnaire = report.get("questionnaire")
    if not isinstance(questionnaire, dict) or not isinstance(questionnaire.get("answers"), list):
        return []
    return [
        (str(answer.get("question", "")), str(answer.get("answer") or "-"))
        for answer in questionnaire["answers"]
        if isinstance(answer, dict)
    ]


def conversation(desk: DeskFolder, source: KeptSource) -> Conversation:
    folder = source_folder(desk, source)
    designation = source.name
    numbers = {path.name: index for index, path in enumerate(batch_folders(desk.root, folder.name), start=1)}
    reports = {str(report.get("batch")): report for report in batch_reports(desk, source)}
    fetched: dict[str, list[KeptSubmission]] = {}
    for submission in source.submissions:
        fetched.setdefault(submission.batch_uuid, []).append(submission)
    view = Conversation(source=source, designation=designation, folder=folder)
    for batch_uuid in sorted(set(fetched) | set(reports)):
        report = reports.get(batch_uuid)
        if report is None:
            day = min(s.received_on for s in fetched[batch_uuid]).isoformat()
            view.batches.append(BatchView(None, day, batch_uuid, None, [], [], waiting=len(fetched[batch_uuid])))
            continue
        batch_folder = desk.inside(folder / str(report["folder"]))
        files, messages = [], []
        for entry in report.get("files", []):
            item = FileView(
                submission=str(entry.get("submission")),
                kind=str(entry.get("kind", "file")),
                status=str(entry.get("status", NOT_OPENED)),
                saved_as=entry.get("saved_as"),
                cleaned_as=entry.get("cleaned_as"),
                name_in_manifest=entry.get("name_in_manifest"),
                removed=[str(line) for line in entry.get("removed", [])],
                notes=[str(line) for line in entry.get("notes", [])],
                folder=batch_folder,
            )
            if item.kind == "message" and item.saved_as and not item.not_cleaned:
                messages.append(_message_text(batch_folder / item.saved_as))
            else:
                files.append(item)
        view.batches.append(
            BatchView(
                numbers.get(batch_folder.name),
                str(report.get("received_on", ""))[:10],
                batch_uuid,
                batch_folder,
                messages,
                files,
                answers=_answers(report),
            )
        )
    view.batches.sort(key=lambda b: (b.day, b.number or 0, b.batch))
    view.replies = replies_on_desk(desk, source)
    view.notes = notes_on_desk(desk, source)
    return view

"""`desk list` and `desk show`: tables and the conversation from what is on this desk (works offline)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tipline.desk.conversation import BatchView, Conversation, FileView, conversation
from tipline.desk.kept import KeptSource
from tipline.desk.notes_store import NoteText
from tipline.desk.replies_store import ReplyText
from tipline.desk.store import DeskFolder
from tipline.desk.terminal import plain

# Every cell is a Text (never parsed as markup) of text without control characters: designations,
# filenames and notes come from sources, from a server that may lie, or from hostile files.
_plain = plain


def conversations_by_activity(desk: DeskFolder) -> list[Conversation]:
    """Every source on this desk, the most recent activity first (a day is all the server keeps;
    on one day, the source with the most batches and replies first, then by designation)."""
    found = [conversation(desk, source) for source in desk.known_sources()]
    return sorted(
        found,
        key=lambda c: (c.last_activity, len(c.batches) + len(c.replies), c.designation),
        reverse=True,
    )


def sources_table(desk: DeskFolder) -> Table:
    table = Table(title="Sources")
    talks = conversations_by_activity(desk)
    widest = max((len(c.designation) for c in talks), default=11)
    # A designation is never cut nor folded: it is what the journalist types next.
    table.add_column("designation", no_wrap=True, min_width=widest)
    for column in ("last activity", "submissions", "downloaded", "opened", "not cleaned", "replies"):
        table.add_column(column, no_wrap=True)
    table.add_column("safety codename", overflow="fold")
    table.add_column("uuid", overflow="fold")
    for talk in talks:
        source = talk.source
        submissions = source.submissions
        inbox = desk.source_inbox(source.uuid)
        downloaded = sum(1 for s in submissions if (inbox / s.batch_uuid / f"{s.uuid}.age").exists())
        opened = sum(len(b.files) + len(b.messages) for b in talk.batches)
        table.add_row(
            _plain(talk.designation),
            _plain(talk.last_activity),
            _plain(len(submissions)),
            _plain(downloaded),
            _plain(opened),
            Text(str(talk.not_cleaned), style="bold red") if talk.not_cleaned else _plain(0),
            _plain(max(len(talk.replies), source.number_of_replies)),
            _safety_cell(source),
            _plain(source.uuid),
        )
    return table


def _safety_cell(source: KeptSource) -> Text:
    """The safety codename's mark (docs/duress-design.md), in red: reply nothing sensitive."""
    if source.safety_codename_used_on:
        return _plain(f"used {source.safety_codename_used_on.isoformat()}", style="bold red")
    if source.safety_codename_of:
        return _plain(f"IS the safety codename of {source.safety_codename_of}", style="bold red")
    return _plain("")


def safety_warnings(source: KeptSource) -> list[str]:
    """What `desk show` says first about a source whose safety codename was used."""
    warnings = []
    if source.safety_codename_used_on:
        warnings.append(
            f"WARNING: this source's safety codename was used on {source.safety_codename_used_on.isoformat()}: "
            "someone may have been watching them. Reply nothing sensitive."
        )
    if source.safety_codename_of:
        warnings.append(
            f"WARNING: this account is the safety codename of source {source.safety_codename_of}: what it sent "
            "was sent while someone may have been watching, and whoever watches can read replies here. "
            "Reply nothing sensitive."
        )
    return warnings


def file_lines(item: FileView, *, verbose: bool = False) -> list[Text]:
    """ "photo.jpg → photo.cleaned.jpg  [cleaned]", then, indented, what its cleaning removed that
    mattered (every tag and note with ``verbose``), or why it is NOT CLEANED."""
    first = _plain(f"  {item.saved_as or f'submission {item.submission}'}")
    if item.cleaned_as:
        first.append_text(_plain(f" → {item.cleaned_as}"))
    status = f"  [{item.status}]"
    first.append_text(_plain(status, style="bold red") if item.not_cleaned else _plain(status))
    lines = [first]
    if item.not_cleaned:
        lines.append(
            _plain("      NOT CLEANED: do not publish or forward this file; check it by hand.", style="bold red")
        )
        lines += [_plain(f"      {note}") for note in item.notes]
    else:
        lines += [_plain(f"      removed {what}") for what in item.mattered]
    if verbose:
        if item.name_in_manifest and item.name_in_manifest != ascii(item.saved_as):
            lines.append(_plain(f"      name in manifest: {item.name_in_manifest}"))
        if item.removed:
            lines.append(_plain("      every tag removed:"))
        lines += [_plain(f"        {line}") for line in item.removed]
        if not item.not_cleaned:
            lines += [_plain(f"      note: {note}") for note in item.notes]
    return lines


def _show_batch(console: Console, batch: BatchView, *, verbose: bool) -> None:
    if batch.folder is None:
        console.print(_plain(f"{batch.day}  not opened yet: {batch.waiting} submissions (run `tipline desk open`)"))
        return
    console.print(_plain(f"#{batch.number}  {batch.day}  {batch.folder}/", style="bold"))
    for message in batch.messages:
        console.print(_plain("  message:"))
        console.print(_plain("    " + message.strip().replace("\n", "\n    "), multiline=True))
    if batch.answers:
        console.print(_plain("  Questionnaire answers:"))
        for number, (question, answer) in enumerate(batch.answers, start=1):
            console.print(_plain(f"    {number}. {question}", multiline=True))
            console.print(_plain("       " + answer.strip().replace("\n", "\n       "), multiline=True))
    for item in batch.files:
        for line in file_lines(item, verbose=verbose):
            console.print(line)


def _show_reply(console: Console, reply: ReplyText) -> None:
    who = "this desk" if reply.own and not reply.by else (reply.by or "a former journalist")
    state = " (queued: `tipline desk sync` sends it)" if reply.queued else ""
    console.print(_plain(f"{reply.day}  reply by {who}{state}  ({reply.uuid})", style="bold"))
    if reply.text is None:
        console.print(_plain("    (not decrypted yet: run `tipline desk open`)"))
    else:
        console.print(_plain("    " + reply.text.strip().replace("\n", "\n    "), multiline=True))


def _show_note(console: Console, note: NoteText) -> None:
    who = note.by or "a former journalist"
    console.print(_plain(f"{note.day}  note by {who}  ({note.uuid})", style="bold"))
    if note.text is None:
        console.print(_plain("    (not decrypted yet: run `tipline desk open`)"))
    else:
        console.print(_plain("    " + note.text.strip().replace("\n", "\n    "), multiline=True))


def show_source(console: Console, desk: DeskFolder, source: KeptSource, *, verbose: bool = False) -> None:
    """The conversation in time order: each batch with its folder, the message text and a line per
    file of what its cleaning removed that mattered (all of it with ``verbose``); every reply and
    every journalist's note."""
    talk = conversation(desk, source)
    console.print(_plain(f"{talk.designation}  {source.uuid}"), style="bold")
    for warning in safety_warnings(source):
        console.print(_plain(warning), style="bold red")
    console.print(_plain(f"folder: {talk.folder}/"))
    if talk.not_cleaned:
        console.print(_plain(f"{talk.not_cleaned} files NOT CLEANED: see below", style="bold red"))
    console.print(_plain(f"A batch is {talk.designation}/NUMBER below; a file in it {talk.designation}/NUMBER/NAME."))
    for entry in talk.entries:
        console.print()
        if isinstance(entry, BatchView):
            _show_batch(console, entry, verbose=verbose)
        elif isinstance(entry, NoteText):
            _show_note(console, entry)
        else:
            _show_reply(console, entry)
    known = len(talk.replies)
    on_server = source.number_of_replies
    if on_server > known:
        console.print(_plain(f"\n{on_server - known} more replies on the server: run `tipline desk fetch`, then open"))

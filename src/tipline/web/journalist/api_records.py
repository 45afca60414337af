"""The server's side of the contract: its rows as tipline.contract records."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import TypeVar

from tipline.contract.codec import constructor, text_maker
from tipline.contract.records import (
    Assignee,
    ReplyRecord,
    SourceKey,
    SourceRecord,
    SubmissionRecord,
    UserRecord,
)
from tipline.journalists.records import JournalistView
from tipline.newsroom.content import ReplyView, SubmissionView
from tipline.newsroom.listing import SourceRow
from tipline.web.journalist.api_json import PREFIX

# Whole lists make thousands of records a request: made without the frozen __init__'s cost.
_source = constructor(SourceRecord)
_source_text = text_maker(SourceRecord)
_submission = constructor(SubmissionRecord)
_reply = constructor(ReplyRecord)

_NAME_CHARACTERS = frozenset(string.ascii_lowercase + string.digits)


def filename_part(designation: str) -> str:
    """The designation as SecureDrop puts it in filenames: lowercase ASCII letters, digits and _."""
    return "".join(c if c in _NAME_CHARACTERS else "_" for c in designation.lower()).strip("_") or "source"


def item_filename(interaction: int, designation: str, suffix: str) -> str:
    """'3-brave_otter-msg.age': the conversation's number and the designation, nothing else (never a
    name the source gave a file: that is only in the encrypted manifest)."""
    return f"{interaction}-{filename_part(designation)}-{suffix}.age"


R = TypeVar("R")


def source_record(s: SourceRow) -> SourceRecord:
    return _source_fields(s, _source)


def source_text(s: SourceRow) -> str:
    """The source's record as JSON text, written without making the record (whole lists)."""
    return _source_fields(s, _source_text)


def _source_fields(s: SourceRow, make: Callable[..., R]) -> R:
    """The one mapping of a source row to its record's fields, for ``make`` to build the record
    or write its text."""
    base = f"{PREFIX}/sources/{s.uuid}"
    assignee = Assignee(s.assignee_uuid, s.assignee_username or "") if s.assignee_uuid else None
    return make(
        uuid=s.uuid,
        url=base,
        journalist_designation=s.designation,
        is_flagged=False,
        is_starred=s.starred,
        last_updated=s.last_activity_on,
        interaction_count=s.interaction_count,
        key=SourceKey(type="age", public=s.recipient, fingerprint=s.recipient),
        number_of_documents=s.document_count,
        number_of_messages=s.message_count,
        submissions_url=f"{base}/submissions",
        add_star_url=f"{base}/add_star",
        remove_star_url=f"{base}/remove_star",
        replies_url=f"{base}/replies",
        age_recipient=s.recipient,
        number_of_submissions=s.submission_count,
        number_of_unread=s.unread_count,
        number_of_replies=s.reply_count,
        created_on=s.created_on,
        download_url=f"{base}/download",
        status=s.status,
        labels=tuple(s.labels),
        assigned_to=assignee,
        has_note=s.has_note,
        change_seq=s.change_seq,
        safety_codename_used_on=s.safety_used_on,
        safety_codename_of=s.safety_of_uuid,
    )


def submission_record(v: SubmissionView) -> SubmissionRecord:
    base = f"{PREFIX}/sources/{v.source_uuid}"
    url = f"{base}/submissions/{v.uuid}"
    return _submission(
        uuid=v.uuid,
        filename=submission_filename(v),
        size=v.size,
        is_file=v.kind == "file",
        is_message=v.kind == "message",
        is_read=v.is_read,
        seen_by=v.seen_by,
        source_url=base,
        submission_url=url,
        download_url=f"{url}/download",
        source_uuid=v.source_uuid,
        kind=v.kind,
        sha256=v.sha256,
        received_on=v.received_on,
        batch_uuid=v.batch_uuid,
        manifest_url=f"{base}/batches/{v.batch_uuid}/manifest",
        url=url,
        interaction=v.interaction,
        change_seq=v.change_seq,
    )


def submission_filename(v: SubmissionView) -> str:
    return item_filename(v.interaction, v.designation, "doc" if v.kind == "file" else "msg")


def reply_record(r: ReplyView) -> ReplyRecord:
    base = f"{PREFIX}/sources/{r.source_uuid}"
    url = f"{base}/replies/{r.uuid}"
    return _reply(
        uuid=r.uuid,
        filename=reply_filename(r),
        size=r.size,
        journalist_username=r.journalist_username,
        journalist_first_name="",
        journalist_last_name="",
        journalist_uuid=r.journalist_uuid,
        is_deleted_by_source=False,
        seen_by=r.seen_by,
        source_url=base,
        reply_url=url,
        source_uuid=r.source_uuid,
        sha256=r.sha256,
        sent_on=r.sent_on,
        url=url,
        download_url=f"{url}/download",
        interaction=r.interaction,
        change_seq=r.change_seq,
    )


def reply_filename(r: ReplyView) -> str:
    return item_filename(r.interaction, r.designation, "reply")


def user_record(j: JournalistView) -> UserRecord:
    return UserRecord(uuid=j.uuid, username=j.username, first_name=None, last_name=None, is_admin=j.is_admin)

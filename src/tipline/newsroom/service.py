"""NewsroomService: every journalist action, checked for role and written to the audit log.

Both the web interface and API v1 call this, so the two cannot drift apart in what they allow
or record. The audit log names sources by designation only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from tipline.audit.service import AuditLog, AuditPage, add_entry
from tipline.cases.service import CaseService, NoteView
from tipline.db import SessionFactory
from tipline.errors import BatchNotFound, Forbidden, NotFound, SourceNotFound, SubmissionNotFound
from tipline.journalists.records import JournalistView, NewJournalist, NewSecondFactor
from tipline.journalists.service import JournalistService
from tipline.newsroom.content import NewsroomContent, OpenedBlob, ReplyView, SourceRef, source_ref
from tipline.newsroom.listing import (
    SourcePage,
    SourceQuery,
    SourceRow,
    SourceStream,
    list_sources,
    stream_sources,
)
from tipline.newsroom.unit_of_work import UnitOfWork, Work
from tipline.submissions import read_flags
from tipline.submissions.repository import SubmissionView


def _owner(work: Work, source_uuid: str, missing: type[NotFound]) -> SourceRef:
    """The source of an item asked for by both uuids; an unknown source is reported as the item
    not found (the API's answer since its first version)."""
    try:
        return source_ref(work.session, source_uuid)
    except SourceNotFound:
        raise missing() from None


class StreamedSources:
    """A stream of sources that owns its database session."""

    def __init__(self, rows: SourceStream, session: Session) -> None:
        self._rows = rows
        self._session = session

    def __iter__(self) -> Iterator[SourceRow]:
        try:
            yield from self._rows
        finally:
            self.close()

    def close(self) -> None:
        try:
            self._rows.close()
        finally:
            self._session.close()

    def __del__(self) -> None:
        # A WSGI server always closes the response (and so this); a response dropped unclosed,
        # as a test client may, must not leave a server-side cursor to the garbage collector.
        self.close()


@dataclass(frozen=True)
class CaseChange:
    """What one case form or PATCH changes; a field left None stays as it is (``assign``: whether
    the assignee changes, to ``assignee_uuid`` or to nobody)."""

    status: str | None = None
    labels: Sequence[str] | None = None
    assign: bool = False
    assignee_uuid: str | None = None
    note: str | None = None
    starred: bool | None = None


class NewsroomService:
    def __init__(
        self,
        sessions: SessionFactory,
        journalists: JournalistService,
        cases: CaseService,
        *,
        content: NewsroomContent,
        audit: AuditLog,
        unit_of_work: UnitOfWork,
    ) -> None:
        self._sessions = sessions
        self._work = unit_of_work
        self.journalists = journalists
        self.cases = cases
        self.content = content
        self.audit = audit

    def _record(self, work: Work, actor: JournalistView, action: str, via: str, **fields: Any) -> None:
        """The action's audit entry, in the action's transaction: both are kept, or neither."""
        add_entry(work.session, actor.username, action, via=via, **fields)

    def _log(self, actor: JournalistView, action: str, via: str, **fields: Any) -> None:
        """An entry of its own, for sign-in: the login throttle's counts and a used-up code are
        committed by JournalistService whatever happens to the entry."""
        self.audit.record(actor.username, action, via=via, **fields)

    @staticmethod
    @contextmanager
    def _opening() -> Iterator[Callable[[OpenedBlob], OpenedBlob]]:
        """Closes the blob opened inside it if the action then fails (its entry or its commit)."""
        opened: list[OpenedBlob] = []

        def keep(blob: OpenedBlob) -> OpenedBlob:
            opened.append(blob)
            return blob

        try:
            yield keep
        except BaseException:
            for blob in opened:
                blob.stream.close()
            raise

    # --- authentication ---
    def login(self, username: str, passphrase: str, code: str, via: str) -> JournalistView | None:
        journalist = self.journalists.login(username, passphrase, code)
        if journalist is not None:
            self._log(journalist, "login", via)
        else:
            self.record_failed_login(username, via)
        return journalist

    def record_failed_login(self, username: str, via: str) -> None:
        """A failed login in the audit log: the account and the minute (the log's precision),
        never an address (the server never sees one). What was typed is kept only when it names
        an account: a passphrase typed into the username field must not end up in the log."""
        account = self.journalists.existing_username(username)
        if account is not None:
            self.audit.record(account, "login_failed", via=via)
        else:
            self.audit.record("", "login_failed_unknown", via=via)

    def record_login(self, journalist: JournalistView, via: str, detail: str) -> None:
        self.journalists.login_completed(journalist.username)
        self._log(journalist, "login", via, detail=detail)

    # --- reading ---
    def sources(self, query: SourceQuery) -> SourcePage:
        with self._sessions() as session:
            return list_sources(session, query, self.cases.default_status)

    def all_sources(self, query: SourceQuery) -> StreamedSources:
        """Every matching source, streamed from the database: the query runs now, the rows are
        read as they are iterated; closing (which iterating to the end does) ends the cursor and
        the session, iterated or not."""
        session = self._sessions()
        try:
            rows = stream_sources(session, query, self.cases.default_status)  # the query runs here
        except BaseException:
            session.close()
            raise
        return StreamedSources(rows, session)

    def source(self, source_uuid: str, viewer: int | None = None) -> SourceRow:
        page = self.sources(SourceQuery(uuid=source_uuid, per_page=1, viewer=viewer))
        if not page.rows:
            raise SourceNotFound()
        return page.rows[0]

    def submissions_of(self, source_uuid: str) -> list[SubmissionView]:
        return self.content.submissions_of(self.content.source(source_uuid))[0]

    def submissions_page(self, source_uuid: str, page: int, per_page: int) -> tuple[list[SubmissionView], int]:
        """Newest first, one page, and the total count."""
        source = self.content.source(source_uuid)
        return self.content.submissions_of(source, limit=per_page, offset=(page - 1) * per_page, newest_first=True)

    def submission_of(self, source_uuid: str, submission_uuid: str) -> SubmissionView:
        return self.content.submission_of(self.content.source(source_uuid), submission_uuid)

    def replies_of(self, source_uuid: str) -> list[ReplyView]:
        return self.content.replies_of(self.content.source(source_uuid))

    def reply_of(self, source_uuid: str, reply_uuid: str) -> ReplyView:
        return self.content.reply_of(self.content.source(source_uuid), reply_uuid)

    def download(self, actor: JournalistView, source_uuid: str, submission_uuid: str, via: str) -> OpenedBlob:
        """The submission's ciphertext, opened; the journalist has seen it from now on (SecureDrop
        does the same). Recorded only once the blob is open: a missing blob is a 404 and no entry."""
        with self._opening() as opened, self._work() as work:
            source = _owner(work, source_uuid, SubmissionNotFound)
            blob = opened(self.content.open_submission(work.session, source, submission_uuid))
            self._record(work, actor, "download", via, source_designation=source.designation, detail=submission_uuid)
            read_flags.mark_seen(work.session, actor.id, [submission_uuid], ())
        return blob

    def download_manifest(self, actor: JournalistView, source_uuid: str, batch_uuid: str, via: str) -> OpenedBlob:
        """A batch's encrypted manifest (file names, the questionnaire's answers), opened and recorded."""
        with self._opening() as opened, self._work() as work:
            source = _owner(work, source_uuid, BatchNotFound)
            blob = opened(self.content.open_manifest(work.session, source, batch_uuid))
            self._record(
                work, actor, "download_manifest", via, source_designation=source.designation, detail=batch_uuid
            )
        return blob

    def download_reply(
        self, actor: JournalistView, source_uuid: str, reply_uuid: str, via: str
    ) -> tuple[ReplyView, OpenedBlob]:
        with self._opening() as opened, self._work() as work:
            source = source_ref(work.session, source_uuid)
            reply = self.content.reply_of(source, reply_uuid)
            blob = opened(self.content.open_reply(reply))
            self._record(work, actor, "download_reply", via, source_designation=source.designation, detail=reply_uuid)
            read_flags.mark_seen(work.session, actor.id, (), [reply_uuid])
        return reply, blob

    def download_all(self, actor: JournalistView, source_uuid: str, via: str) -> tuple[str, Iterator[bytes]]:
        with self._work() as work:
            source = source_ref(work.session, source_uuid)
            self._record(work, actor, "download_all", via, source_designation=source.designation)
            submissions = self.content.submissions_of(source)[0]
            read_flags.mark_seen(work.session, actor.id, [v.uuid for v in submissions], ())
        return source.designation, self.content.zip_of(source)

    def mark_seen(
        self, actor: JournalistView, submission_uuids: Sequence[str] = (), reply_uuids: Sequence[str] = ()
    ) -> int:
        """Seen by this journalist; returns how many items were found."""
        with self._work() as work:
            return len(read_flags.mark_seen(work.session, actor.id, submission_uuids, reply_uuids))

    def mark_unseen(self, actor: JournalistView, submission_uuids: Sequence[str]) -> int:
        with self._work() as work:
            return len(read_flags.mark_unseen(work.session, actor.id, submission_uuids))

    # --- answering ---
    def reply(self, actor: JournalistView, source_uuid: str, message: str, via: str) -> str:
        with self._work() as work:
            source = source_ref(work.session, source_uuid)
            reply_uuid = self.content.reply(work, source, message, actor.id)
            self._record(work, actor, "reply", via, source_designation=source.designation, detail=reply_uuid)
        return reply_uuid

    def store_encrypted_reply(
        self, actor: JournalistView, source_uuid: str, armored: str, via: str, chosen_uuid: str | None = None
    ) -> str:
        with self._work() as work:
            source = source_ref(work.session, source_uuid)
            reply_uuid = self.content.store_encrypted_reply(work, source, armored, actor.id, chosen_uuid)
            self._record(work, actor, "reply", via, source_designation=source.designation, detail=reply_uuid)
        return reply_uuid

    # --- deleting: rows and the entry in one transaction, the blobs after it commits ---
    def delete_submission(self, actor: JournalistView, source_uuid: str, submission_uuid: str, via: str) -> None:
        with self._work() as work:
            source = source_ref(work.session, source_uuid)
            self.content.delete_submission(work, source, submission_uuid)
            self._record(
                work, actor, "delete_submission", via, source_designation=source.designation, detail=submission_uuid
            )

    def delete_reply(self, actor: JournalistView, source_uuid: str, reply_uuid: str, via: str) -> None:
        with self._work() as work:
            source = source_ref(work.session, source_uuid)
            self.content.delete_reply(work, source, reply_uuid)
            self._record(work, actor, "delete_reply", via, source_designation=source.designation, detail=reply_uuid)

    def delete_conversation(self, actor: JournalistView, source_uuid: str, via: str) -> None:
        with self._work() as work:
            source = source_ref(work.session, source_uuid)
            self.content.delete_conversation(work, source)
            self._record(work, actor, "delete_conversation", via, source_designation=source.designation)

    def delete_source(self, actor: JournalistView, source_uuid: str, via: str) -> None:
        with self._work() as work:
            source = source_ref(work.session, source_uuid)
            self.content.delete_source(work, source)
            self._record(work, actor, "delete_source", via, source_designation=source.designation)

    # --- case handling (metadata only) ---
    def update_case(self, actor: JournalistView, source_uuid: str, change: CaseChange, via: str) -> None:
        """Every field of ``change`` or none: each is checked before anything is written, and all
        are written, with one audit entry each, in one transaction (a CaseError leaves the case as
        it was)."""
        cases = self.cases
        with self._work() as work:
            source = source_ref(work.session, source_uuid)  # an unknown source first: a 404, not a 400
            designation = source.designation
            status = cases.check_status(change.status) if change.status is not None else None
            labels = cases.check_labels(change.labels) if change.labels is not None else None
            sealed = cases.seal_note(change.note) if change.note is not None else None
            if status is not None:
                cases.set_status(work.session, source.id, status)
                self._record(work, actor, "set_status", via, source_designation=designation, detail=status)
            if labels is not None:
                names = cases.set_labels(work.session, source.id, labels)
                self._record(work, actor, "set_labels", via, source_designation=designation, detail=", ".join(names))
            if change.assign:
                username = cases.assign(work.session, source.id, change.assignee_uuid)
                self._record(work, actor, "assign", via, source_designation=designation, target_journalist=username)
            if change.note is not None:
                # The API's single note (kept for its clients): its text is also added as a dated
                # entry, so no note is ever lost by being replaced.
                cases.set_note(work.session, source.id, sealed)
                if sealed is not None:
                    cases.add_note(work.session, source.id, actor.id, sealed)
                # The note's content is never logged: only that it changed.
                action = "set_note" if sealed is not None else "clear_note"
                self._record(work, actor, action, via, source_designation=designation)
            if change.starred is not None:
                cases.set_starred(work.session, source.id, change.starred)
                self._record(work, actor, "star" if change.starred else "unstar", via, source_designation=designation)
            self.content.touch_source(work.session, source)  # last: it takes a stamp (tipline.sequence)

    def star(self, actor: JournalistView, source_uuid: str, starred: bool, via: str) -> None:
        self.update_case(actor, source_uuid, CaseChange(starred=starred), via)

    def set_status(self, actor: JournalistView, source_uuid: str, status: str, via: str) -> None:
        self.update_case(actor, source_uuid, CaseChange(status=status), via)

    def set_labels(self, actor: JournalistView, source_uuid: str, labels: Sequence[str], via: str) -> None:
        self.update_case(actor, source_uuid, CaseChange(labels=tuple(labels)), via)

    def assign(self, actor: JournalistView, source_uuid: str, journalist_uuid: str | None, via: str) -> None:
        self.update_case(actor, source_uuid, CaseChange(assign=True, assignee_uuid=journalist_uuid), via)

    def set_note(self, actor: JournalistView, source_uuid: str, note: str, via: str) -> None:
        self.update_case(actor, source_uuid, CaseChange(note=note), via)

    def add_note(self, actor: JournalistView, source_uuid: str, note: str, via: str) -> str:
        """A new dated note by this journalist, encrypted at once; earlier notes stay as they are."""
        with self._work() as work:
            source = source_ref(work.session, source_uuid)
            sealed = self.cases.seal_note(note, empty_allowed=False)
            assert sealed is not None
            note_uuid = self.cases.add_note(work.session, source.id, actor.id, sealed)
            self._record(work, actor, "add_note", via, source_designation=source.designation, detail=note_uuid)
            self.content.touch_source(work.session, source)
        return note_uuid

    def notes_of(self, source_uuid: str, note_uuid: str | None = None) -> list[NoteView]:
        return self.cases.notes_of(self.content.source(source_uuid).id, note_uuid)

    # --- administration (admins only; the views check too) ---
    def _admin(self, actor: JournalistView) -> None:
        if not actor.is_admin:
            raise Forbidden()

    def add_journalist(
        self, actor: JournalistView, username: str, *, is_admin: bool, via: str, confirm_first: bool = False
    ) -> NewJournalist:
        """``confirm_first``: the account logs in only after a first TOTP code (confirm_totp)."""
        self._admin(actor)
        with self._work() as work:
            created = self.journalists.add(
                username, is_admin=is_admin, confirmed=not confirm_first, within=work.session
            )
            detail = "admin" if is_admin else ""
            self._record(work, actor, "add_journalist", via, target_journalist=created.username, detail=detail)
        return created

    def confirm_totp(self, actor: JournalistView, journalist_uuid: str, code: str, via: str) -> bool:
        self._admin(actor)
        with self._work() as work:
            confirmed = self.journalists.confirm_totp(journalist_uuid, code, within=work.session)
            username = self.journalists.get(journalist_uuid, within=work.session).username
            action = "confirm_2fa" if confirmed else "confirm_2fa_failed"
            self._record(work, actor, action, via, target_journalist=username)
        return confirmed

    def deactivate(self, actor: JournalistView, journalist_uuid: str, via: str) -> JournalistView:
        self._admin(actor)
        with self._work() as work:
            keys = self.journalists.security_key_count(journalist_uuid, within=work.session)
            view = self.journalists.deactivate(journalist_uuid, within=work.session)
            self._record(work, actor, "deactivate_journalist", via, target_journalist=view.username)
            self._record_keys_removed(work, actor, view.username, keys, via)
        return view

    def _record_keys_removed(self, work: Work, actor: JournalistView, username: str, count: int, via: str) -> None:
        if count:
            self._record(work, actor, "remove_security_keys", via, target_journalist=username, detail=str(count))

    def activate(self, actor: JournalistView, journalist_uuid: str, via: str) -> JournalistView:
        self._admin(actor)
        with self._work() as work:
            view = self.journalists.activate(journalist_uuid, within=work.session)
            self._record(work, actor, "activate_journalist", via, target_journalist=view.username)
        return view

    def set_role(self, actor: JournalistView, journalist_uuid: str, *, is_admin: bool, via: str) -> JournalistView:
        self._admin(actor)
        with self._work() as work:
            view = self.journalists.set_role(journalist_uuid, is_admin=is_admin, within=work.session)
            role = "admin" if is_admin else "journalist"
            self._record(work, actor, "set_role", via, target_journalist=view.username, detail=role)
        return view

    def reset_passphrase(self, actor: JournalistView, journalist_uuid: str, via: str) -> str:
        self._admin(actor)
        with self._work() as work:
            passphrase = self.journalists.reset_passphrase(journalist_uuid, within=work.session)
            username = self.journalists.get(journalist_uuid, within=work.session).username
            self._record(work, actor, "reset_passphrase", via, target_journalist=username)
        return passphrase

    def reset_totp(
        self, actor: JournalistView, journalist_uuid: str, via: str, *, confirm_first: bool = False
    ) -> NewSecondFactor:
        self._admin(actor)
        with self._work() as work:
            keys = self.journalists.security_key_count(journalist_uuid, within=work.session)
            second = self.journalists.reset_totp(journalist_uuid, confirmed=not confirm_first, within=work.session)
            username = self.journalists.get(journalist_uuid, within=work.session).username
            self._record(work, actor, "reset_2fa", via, target_journalist=username)
            self._record_keys_removed(work, actor, username, keys, via)
        return second

    def set_recipient(
        self, actor: JournalistView, journalist_uuid: str, recipient: str | None, via: str
    ) -> JournalistView:
        self._admin(actor)
        with self._work() as work:
            view = self.journalists.set_recipient(journalist_uuid, recipient, within=work.session)
            detail = recipient or ""
            self._record(work, actor, "set_recipient", via, target_journalist=view.username, detail=detail)
        return view

    def audit_page(self, actor: JournalistView, page: int, per_page: int) -> AuditPage:
        self._admin(actor)
        return self.audit.page(page, per_page)

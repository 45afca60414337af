"""NewsroomService: every journalist action, checked for role and written to the audit log.

Both the web interface and API v1 call this, so the two cannot drift apart in what they allow
or record. The audit log names sources by designation only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy.orm import Session

from tipline.audit.service import AuditLog, AuditPage
from tipline.cases.service import CaseService, NoteView
from tipline.db import SessionFactory
from tipline.errors import Forbidden, SourceNotFound
from tipline.journalists.service import JournalistService, JournalistView, NewJournalist, NewSecondFactor
from tipline.newsroom.content import NewsroomContent, ReplyView, SourceRef
from tipline.newsroom.listing import (
    SourcePage,
    SourceQuery,
    SourceRow,
    SourceStream,
    list_sources,
    stream_sources,
)
from tipline.submissions.service import BlobView, SubmissionService, SubmissionView


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


class NewsroomService:
    def __init__(
        self,
        sessions: SessionFactory,
        journalists: JournalistService,
        submissions: SubmissionService,
        cases: CaseService,
        *,
        content: NewsroomContent,
        audit: AuditLog,
    ) -> None:
        self._sessions = sessions
        self.journalists = journalists
        self.submissions = submissions
        self.cases = cases
        self.content = content
        self.audit = audit

    def _record(self, actor: JournalistView, action: str, via: str, **fields: Any) -> None:
        self.audit.record(actor.username, action, via=via, **fields)

    # --- authentication ---
    def login(self, username: str, passphrase: str, code: str, via: str) -> JournalistView | None:
        journalist = self.journalists.login(username, passphrase, code)
        if journalist is not None:
            self._record(journalist, "login", via)
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
        self._record(journalist, "login", via, detail=detail)

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

    def download(self, actor: JournalistView, source_uuid: str, submission_uuid: str, via: str) -> BlobView:
        """The blob to send; the journalist has seen it from now on (SecureDrop does the same)."""
        blob = self.submissions.submission_blob(source_uuid, submission_uuid)
        source = self.content.source(source_uuid)
        self._record(actor, "download", via, source_designation=source.designation, detail=submission_uuid)
        self.content.mark_seen(actor.id, submission_uuids=[submission_uuid])
        return blob

    def download_reply(self, actor: JournalistView, source_uuid: str, reply_uuid: str, via: str) -> ReplyView:
        source = self.content.source(source_uuid)
        reply = self.content.reply_of(source, reply_uuid)
        self._record(actor, "download_reply", via, source_designation=source.designation, detail=reply_uuid)
        self.content.mark_seen(actor.id, reply_uuids=[reply_uuid])
        return reply

    def download_all(self, actor: JournalistView, source_uuid: str, via: str) -> tuple[str, Iterator[bytes]]:
        source = self.content.source(source_uuid)
        self._record(actor, "download_all", via, source_designation=source.designation)
        self.content.mark_seen(actor.id, submission_uuids=[v.uuid for v in self.content.submissions_of(source)[0]])
        return source.designation, self.content.zip_of(source)

    def mark_seen(
        self, actor: JournalistView, submission_uuids: Sequence[str] = (), reply_uuids: Sequence[str] = ()
    ) -> int:
        """Seen by this journalist; returns how many items were found."""
        return len(self.content.mark_seen(actor.id, submission_uuids, reply_uuids))

    def mark_unseen(self, actor: JournalistView, submission_uuids: Sequence[str]) -> int:
        return len(self.content.mark_unseen(actor.id, submission_uuids))

    # --- answering ---
    def reply(self, actor: JournalistView, source_uuid: str, message: str, via: str) -> str:
        source = self.content.source(source_uuid)
        reply_uuid = self.content.reply(source, message, actor.id)
        self._record(actor, "reply", via, source_designation=source.designation, detail=reply_uuid)
        return reply_uuid

    def store_encrypted_reply(
        self, actor: JournalistView, source_uuid: str, armored: str, via: str, chosen_uuid: str | None = None
    ) -> str:
        source = self.content.source(source_uuid)
        reply_uuid = self.submissions.add_reply(source_uuid, armored, actor.id, chosen_uuid)
        self._record(actor, "reply", via, source_designation=source.designation, detail=reply_uuid)
        return reply_uuid

    # --- deleting ---
    def delete_submission(self, actor: JournalistView, source_uuid: str, submission_uuid: str, via: str) -> None:
        source = self.content.source(source_uuid)
        self.content.delete_submission(source, submission_uuid)
        self._record(actor, "delete_submission", via, source_designation=source.designation, detail=submission_uuid)

    def delete_reply(self, actor: JournalistView, source_uuid: str, reply_uuid: str, via: str) -> None:
        source = self.content.source(source_uuid)
        self.content.delete_reply(source, reply_uuid)
        self._record(actor, "delete_reply", via, source_designation=source.designation, detail=reply_uuid)

    def delete_conversation(self, actor: JournalistView, source_uuid: str, via: str) -> None:
        source = self.content.source(source_uuid)
        self.content.delete_conversation(source)
        self._record(actor, "delete_conversation", via, source_designation=source.designation)

    def delete_source(self, actor: JournalistView, source_uuid: str, via: str) -> None:
        source = self.content.source(source_uuid)
        self.content.delete_source(source)
        self._record(actor, "delete_source", via, source_designation=source.designation)

    # --- case handling (metadata only) ---
    def _case_source(self, source_uuid: str) -> SourceRef:
        return self.content.source(source_uuid)

    def star(self, actor: JournalistView, source_uuid: str, starred: bool, via: str) -> None:
        source = self._case_source(source_uuid)
        self.cases.set_starred(source.id, starred)
        self.content.touch_source(source)
        self._record(actor, "star" if starred else "unstar", via, source_designation=source.designation)

    def set_status(self, actor: JournalistView, source_uuid: str, status: str, via: str) -> None:
        source = self._case_source(source_uuid)
        self.cases.set_status(source.id, status)
        self.content.touch_source(source)
        self._record(actor, "set_status", via, source_designation=source.designation, detail=status)

    def set_labels(self, actor: JournalistView, source_uuid: str, labels: Sequence[str], via: str) -> None:
        source = self._case_source(source_uuid)
        names = self.cases.set_labels(source.id, labels)
        self.content.touch_source(source)
        self._record(actor, "set_labels", via, source_designation=source.designation, detail=", ".join(names))

    def assign(self, actor: JournalistView, source_uuid: str, journalist_uuid: str | None, via: str) -> None:
        source = self._case_source(source_uuid)
        username = self.cases.assign(source.id, journalist_uuid)
        self.content.touch_source(source)
        self._record(actor, "assign", via, source_designation=source.designation, target_journalist=username)

    def set_note(self, actor: JournalistView, source_uuid: str, note: str, via: str) -> None:
        """The API's single note (kept for its clients): its text is also added as a dated entry,
        so no note is ever lost by being replaced."""
        source = self._case_source(source_uuid)
        kept = self.cases.set_note(source.id, note)
        if kept:
            self.cases.add_note(source.id, actor.id, note)
        self.content.touch_source(source)
        # The note's content is never logged: only that it changed.
        self._record(actor, "set_note" if kept else "clear_note", via, source_designation=source.designation)

    def add_note(self, actor: JournalistView, source_uuid: str, note: str, via: str) -> str:
        """A new dated note by this journalist, encrypted at once; earlier notes stay as they are."""
        source = self._case_source(source_uuid)
        note_uuid = self.cases.add_note(source.id, actor.id, note)
        self.content.touch_source(source)
        self._record(actor, "add_note", via, source_designation=source.designation, detail=note_uuid)
        return note_uuid

    def notes_of(self, source_uuid: str) -> list[NoteView]:
        return self.cases.notes_of(self._case_source(source_uuid).id)

    # --- administration (admins only; the views check too) ---
    def _admin(self, actor: JournalistView) -> None:
        if not actor.is_admin:
            raise Forbidden()

    def add_journalist(
        self, actor: JournalistView, username: str, *, is_admin: bool, via: str, confirm_first: bool = False
    ) -> NewJournalist:
        """``confirm_first``: the account logs in only after a first TOTP code (confirm_totp)."""
        self._admin(actor)
        created = self.journalists.add(username, is_admin=is_admin, confirmed=not confirm_first)
        self._record(
            actor, "add_journalist", via, target_journalist=created.username, detail="admin" if is_admin else ""
        )
        return created

    def confirm_totp(self, actor: JournalistView, journalist_uuid: str, code: str, via: str) -> bool:
        self._admin(actor)
        confirmed = self.journalists.confirm_totp(journalist_uuid, code)
        username = self.journalists.get(journalist_uuid).username
        self._record(actor, "confirm_2fa" if confirmed else "confirm_2fa_failed", via, target_journalist=username)
        return confirmed

    def deactivate(self, actor: JournalistView, journalist_uuid: str, via: str) -> JournalistView:
        self._admin(actor)
        keys = self.journalists.security_key_count(journalist_uuid)
        view = self.journalists.deactivate(journalist_uuid)
        self._record(actor, "deactivate_journalist", via, target_journalist=view.username)
        self._record_keys_removed(actor, view.username, keys, via)
        return view

    def _record_keys_removed(self, actor: JournalistView, username: str, count: int, via: str) -> None:
        if count:
            self._record(actor, "remove_security_keys", via, target_journalist=username, detail=str(count))

    def activate(self, actor: JournalistView, journalist_uuid: str, via: str) -> JournalistView:
        self._admin(actor)
        view = self.journalists.activate(journalist_uuid)
        self._record(actor, "activate_journalist", via, target_journalist=view.username)
        return view

    def set_role(self, actor: JournalistView, journalist_uuid: str, *, is_admin: bool, via: str) -> JournalistView:
        self._admin(actor)
        view = self.journalists.set_role(journalist_uuid, is_admin=is_admin)
        role = "admin" if is_admin else "journalist"
        self._record(actor, "set_role", via, target_journalist=view.username, detail=role)
        return view

    def reset_passphrase(self, actor: JournalistView, journalist_uuid: str, via: str) -> str:
        self._admin(actor)
        passphrase = self.journalists.reset_passphrase(journalist_uuid)
        username = self.journalists.get(journalist_uuid).username
        self._record(actor, "reset_passphrase", via, target_journalist=username)
        return passphrase

    def reset_totp(
        self, actor: JournalistView, journalist_uuid: str, via: str, *, confirm_first: bool = False
    ) -> NewSecondFactor:
        self._admin(actor)
        keys = self.journalists.security_key_count(journalist_uuid)
        second = self.journalists.reset_totp(journalist_uuid, confirmed=not confirm_first)
        username = self.journalists.get(journalist_uuid).username
        self._record(actor, "reset_2fa", via, target_journalist=username)
        self._record_keys_removed(actor, username, keys, via)
        return second

    def set_recipient(
        self, actor: JournalistView, journalist_uuid: str, recipient: str | None, via: str
    ) -> JournalistView:
        self._admin(actor)
        view = self.journalists.set_recipient(journalist_uuid, recipient)
        self._record(actor, "set_recipient", via, target_journalist=view.username, detail=recipient or "")
        return view

    def audit_page(self, actor: JournalistView, page: int, per_page: int) -> AuditPage:
        self._admin(actor)
        return self.audit.page(page, per_page)

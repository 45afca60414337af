"""Sending: the submit form, the message of an ended session sent again, and what arrived.

Nothing a source typed is lost to an ended session: the message comes back in a form (from the
request being answered; nothing is kept), and the codename sends it. Files cannot come back (they
were encrypted as they streamed in and are discarded with the refused request): the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import Field

from tipline.errors import EmptySubmission
from tipline.portals import SourcePortal
from tipline.submissions.service import IncomingFile
from tipline.submissions.upload import EncryptedUpload
from tipline.web.source import questions
from tipline.web.source.access import logged_in_source, login_required, start_source_session
from tipline.web.source.forms import MESSAGE_MAX_CHARACTERS, ConfirmForm, ResendForm, SubmitForm
from tipline.web.source.portal import sending_limits, source_portal
from tipline.web.source.sizes import human_size
from tipline.web.source.views import bp


@dataclass(frozen=True)
class SendingLimits:
    """What the form tells the source before anything is sent."""

    file_bytes: int
    max_files: int
    message_bytes: int
    idle_minutes: int

    @property
    def message_characters(self) -> int:
        # The form-memory limit is in bytes; Hangul, Han and Cyrillic take at most 3 in UTF-8.
        return min(MESSAGE_MAX_CHARACTERS, self.message_bytes // 3)


@dataclass(frozen=True)
class ArrivedFile:
    name: str
    size: str


@dataclass(frozen=True)
class Arrived:
    """What the newsroom received, shown once on the page the send redirects to.

    It crosses the redirect inside the session, which the store keeps only as AES-GCM ciphertext
    under a key that only the source's cookie holds (like a flashed message), and is removed by
    the page that shows it: it is never stored in plaintext, and never shown twice. (Rendering it
    in the POST's own answer would trade the 302 that clients and benchmarks rely on, and a
    reload would send everything again.)"""

    message_characters: int
    files: tuple[tuple[str, int], ...]
    answers: int = 0  # how many questions were answered (a count: the answers never enter the session)

    def remember(self) -> None:
        session[_ARRIVED] = {
            "message_characters": self.message_characters,
            "files": [list(f) for f in self.files],
            "answers": self.answers,
        }

    @classmethod
    def recall(cls) -> Arrived | None:
        """The summary kept for this page, removed from the session as it is read."""
        kept = session.pop(_ARRIVED, None)
        if not isinstance(kept, dict):
            return None
        files = tuple((str(name), int(size)) for name, size in kept.get("files", []))
        return cls(int(kept.get("message_characters", 0)), files, int(kept.get("answers", 0)))

    def shown(self) -> tuple[ArrivedFile, ...]:
        return tuple(ArrivedFile(name, human_size(size)) for name, size in self.files)


_ARRIVED = "arrived"


def render_lookup(
    services: SourcePortal,
    limits: SendingLimits,
    form: SubmitForm,
    arrived: Arrived | None = None,
    shown: questions.Shown | None = None,
) -> str:
    replies = services.submissions.replies_for_source(session["source_id"], session["identity"])
    first_codename = session.get("first_codename")
    first_safety = session.get("first_safety_codename")
    return render_template(
        "lookup.html",
        form=form,
        questionnaire=shown or questions.current(services),
        replies=replies,
        confirm=ConfirmForm(),
        limits=limits,
        file_limit=human_size(limits.file_bytes),
        first_codename=first_codename if isinstance(first_codename, str) else None,
        first_safety_codename=first_safety if isinstance(first_safety, str) else None,
        arrived=arrived,
    )


def render_resend(limits: SendingLimits, form: ResendForm, shown: questions.Shown) -> str:
    return render_template("resend.html", form=form, limits=limits, questionnaire=shown)


def answers_need_fixing(received: questions.Received) -> bool:
    """Flash why the answers are sent back (each problem is shown at its question)."""
    if received.changed:
        flash(_("The questions changed while you were writing. Check your answers and send again."), "error")
    elif received.shown.problems:
        flash(_("Some answers need fixing: see below. Nothing was sent, and nothing you typed is lost."), "error")
    return not received.ok


def fits(message: Field, limits: SendingLimits) -> bool:
    """The message is within the limit the form states (the form class's own is the highest any
    configuration can allow): one number, stated before and enforced after."""
    if len(message.data or "") <= limits.message_characters:
        return True
    message.errors = [
        _(
            "The message is too long: at most %(max)d characters. Send the rest in another message.",
            max=limits.message_characters,
        )
    ]
    return False


def typed_message() -> str:
    """The message of the request being answered ("" if it had none, or it was not text)."""
    message = request.form.get("message", "")
    return message if isinstance(message, str) else ""


def expired_submit_page(services: SourcePortal, limits: SendingLimits) -> tuple[str, int]:
    """The answer to a submit whose form no longer matches the session (CSRF): the text back."""
    had_files = any(storage.filename for storage in request.files.getlist("files"))
    shown = questions.received(services).shown
    shown = questions.Shown(shown.language, shown.questions, shown.typed)  # typed back, not judged yet
    if logged_in_source(source_portal()) is not None:
        form = SubmitForm(formdata=None, data={"message": typed_message()})
        flash(_("This form has expired. What you typed is back in the box: send it again."), "error")
        if had_files:
            flash(_("Files cannot come back: choose them again."), "error")
        return render_lookup(services, limits, form, shown=shown), 400
    form = ResendForm(formdata=None, data={"message": typed_message()})
    return render_template("resend.html", form=form, limits=limits, had_files=had_files, questionnaire=shown), 400


def _arrived(message: str, files: list[IncomingFile], answered: questions.Received) -> Arrived:
    kept = [f for f in files if f.upload.plaintext_size > 0]
    answers = sum(1 for answer in answered.answers if answer.answer)
    return Arrived(len(message.strip()), tuple((f.filename, f.upload.plaintext_size) for f in kept), answers)


@bp.get("/lookup")
@login_required
def lookup() -> str:
    return render_lookup(source_portal(), sending_limits(), SubmitForm(), Arrived.recall())


@bp.post("/submit")
@login_required
def submit() -> Response | str | tuple[str, int]:
    form = SubmitForm()
    answered = questions.received(source_portal())
    if not form.validate_on_submit() or not fits(form.message, sending_limits()):
        return render_lookup(source_portal(), sending_limits(), form, shown=answered.shown), 400
    if answers_need_fixing(answered):
        if any(storage.filename for storage in request.files.getlist("files")):
            flash(_("Files cannot come back: choose them again."), "error")
        return render_lookup(source_portal(), sending_limits(), form, shown=answered.shown), 400
    files = [
        IncomingFile(storage.stream, storage.filename or "", storage.mimetype or "application/octet-stream")
        for storage in request.files.getlist("files")
        if isinstance(storage.stream, EncryptedUpload)
    ]
    if any(not f.upload.complete for f in files):
        flash(_("The upload was cut off before it finished. Nothing was kept; please send it again."), "error")
        return render_lookup(source_portal(), sending_limits(), form, shown=answered.shown), 400
    message = form.message.data or ""
    arrived = _arrived(message, files, answered)
    try:
        source_portal().submissions.submit(
            session["source_id"], message, files, answered.answers, answered.shown.language
        )
    except EmptySubmission:
        flash(_("Write a message or choose a file before you send."), "error")
        return render_lookup(source_portal(), sending_limits(), form, shown=answered.shown), 400
    arrived.remember()
    return redirect(url_for(".lookup"))


@bp.post("/resend")
def resend() -> Response | str | tuple[str, int]:
    form = ResendForm()
    answered = questions.received(source_portal())
    if not form.validate_on_submit() or not fits(form.message, sending_limits()):
        return render_resend(sending_limits(), form, answered.shown), 400
    if answers_need_fixing(answered):
        return render_resend(sending_limits(), form, answered.shown), 400
    login = source_portal().sources.login(form.codename.data or "")
    if login is None:
        form.codename.errors = [_("That codename is not right. Check each word and try again.")]
        return render_resend(sending_limits(), form, answered.shown), 401
    start_source_session(login.source_id, login.identity)
    message = form.message.data or ""
    try:
        source_portal().submissions.submit(login.source_id, message, [], answered.answers, answered.shown.language)
    except EmptySubmission:
        # Only files were sent, and they cannot come back: the form, to choose them again.
        flash(_("Files cannot come back: choose them again."), "error")
        return redirect(url_for(".lookup"))
    Arrived(len(message.strip()), (), sum(1 for answer in answered.answers if answer.answer)).remember()
    return redirect(url_for(".lookup"))

"""The newsroom's desk in the browser: the sources list and a source's page, with their actions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from flask import Blueprint, Response, flash, g, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from tipline.errors import CaseError, InvalidMessage, ShownError
from tipline.newsroom.listing import SORTS
from tipline.newsroom.service import CaseChange
from tipline.web.journalist.auth import login_required
from tipline.web.journalist.filters import source_filters
from tipline.web.journalist.forms import ConfirmForm, NoteForm, ReplyForm
from tipline.web.journalist.names import explained
from tipline.web.journalist.portal import newsroom_desk

VIA = "web"
PER_PAGE = 50
# A source's page lists its submissions newest first, this many at a time.
SUBMISSIONS_PER_PAGE = 100
_CHUNK = 256 * 1024
FILTER_KEYS = ("status", "label", "assignee", "starred", "unread", "q", "sort", "order", "empty")


def _flag(name: str) -> bool | None:
    value = request.args.get(name, "")
    return {"yes": True, "no": False}.get(value)


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 10**6 else 1


bp = Blueprint("desk", __name__)


def back_to_source(source_uuid: str) -> BaseResponse:
    return redirect(url_for(".source", source_uuid=source_uuid))


@bp.get("/")
@login_required
def sources() -> str:
    sort = request.args.get("sort", "last_activity")
    query = dataclasses.replace(
        source_filters(_flag),
        sort=sort if sort in SORTS else "last_activity",
        descending=request.args.get("order", "desc") != "asc",
        page=_page_number(),
        per_page=PER_PAGE,
        # Sources that made a codename and sent nothing are hidden unless asked for.
        include_empty=request.args.get("empty") == "show",
        viewer=g.journalist.id,  # unread: not yet seen by this journalist
    )
    page = newsroom_desk().newsroom.sources(query)
    filters = {k: request.args[k] for k in FILTER_KEYS if request.args.get(k)}
    return render_template(
        "sources.html",
        page=page,
        filters=filters,
        statuses=newsroom_desk().cases.statuses,
        team=[j for j in newsroom_desk().journalists.list_all() if j.is_active],
        sorts=SORTS,
    )


@bp.get("/sources/<source_uuid>")
@login_required
def source(source_uuid: str) -> str:
    row = newsroom_desk().newsroom.source(source_uuid, g.journalist.id)  # SourceNotFound: 404 (app.py)
    page = _page_number()
    submissions, total = newsroom_desk().newsroom.submissions_page(source_uuid, page, SUBMISSIONS_PER_PAGE)
    # "read" on this page is this journalist's: seen by them, not by anyone.
    submissions = [dataclasses.replace(s, is_read=g.journalist.uuid in s.seen_by) for s in submissions]
    return render_template(
        "source.html",
        source=row,
        submissions=submissions,
        submission_page=page,
        submission_pages=max(1, -(-total // SUBMISSIONS_PER_PAGE)),
        replies=newsroom_desk().newsroom.replies_of(source_uuid),
        notes=newsroom_desk().newsroom.notes_of(source_uuid),
        statuses=newsroom_desk().cases.statuses,
        team=[j for j in newsroom_desk().journalists.list_all() if j.is_active],
        confirm=ConfirmForm(),
        reply_form=ReplyForm(),
        note_form=NoteForm(),
    )


@bp.get("/sources/<source_uuid>/submissions/<submission_uuid>/download")
@login_required
def download(source_uuid: str, submission_uuid: str) -> Response:
    blob = newsroom_desk().newsroom.download(g.journalist, source_uuid, submission_uuid, VIA)  # NotFound: 404 (app.py)
    handle = blob.stream

    def chunks() -> Iterator[bytes]:
        with handle:
            while chunk := handle.read(_CHUNK):
                yield chunk

    response = Response(stream_with_context(chunks()), mimetype="application/octet-stream")
    response.headers["Content-Length"] = str(blob.size)
    response.headers["Content-Disposition"] = f'attachment; filename="{submission_uuid}.age"'
    return response


@bp.get("/sources/<source_uuid>/download")
@login_required
def download_all(source_uuid: str) -> Response:
    designation, chunks = newsroom_desk().newsroom.download_all(g.journalist, source_uuid, VIA)
    response = Response(stream_with_context(chunks), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{designation}.zip"'
    return response


@bp.post("/sources/<source_uuid>/reply")
@login_required
def reply(source_uuid: str) -> BaseResponse:
    form = ReplyForm()
    return _typed_on_source_page(
        source_uuid,
        form.message.data if form.validate_on_submit() else None,
        lambda text: newsroom_desk().newsroom.reply(g.journalist, source_uuid, text, VIA),
        missing=_("Write a reply first."),
        refused=InvalidMessage,
        done=_("Reply encrypted and stored. The source will see it after logging in."),
    )


def _typed_on_source_page(
    source_uuid: str,
    typed: str | None,
    send: Callable[[str], object],
    *,
    missing: str,
    refused: type[ShownError],
    done: str,
) -> BaseResponse:
    """A text typed on a source's page (a reply, a note; None: the form did not validate) sent
    to the newsroom, and the page again with what became of it."""
    if typed is None:
        flash(missing, "error")
        return back_to_source(source_uuid)
    try:
        send(typed)
    except refused as error:
        flash(explained(error), "error")
    else:
        flash(done, "success")
    return back_to_source(source_uuid)


@bp.post("/sources/<source_uuid>/read")
@login_required
def mark_read(source_uuid: str) -> BaseResponse:
    selected = request.form.getlist("submission")
    if request.form.get("action") == "unread":
        newsroom_desk().newsroom.mark_unseen(g.journalist, selected)
    else:
        newsroom_desk().newsroom.mark_seen(g.journalist, selected)
    return back_to_source(source_uuid)


@bp.post("/sources/<source_uuid>/star")
@login_required
def star(source_uuid: str) -> BaseResponse:
    newsroom_desk().newsroom.star(g.journalist, source_uuid, request.form.get("starred") == "yes", VIA)
    return back_to_source(source_uuid)  # never a caller-chosen URL: no open redirect


@bp.post("/sources/<source_uuid>/case")
@login_required
def case(source_uuid: str) -> BaseResponse:
    change = CaseChange(
        status=request.form.get("status", ""),
        labels=request.form.get("labels", "").split(","),
        assign=True,
        assignee_uuid=request.form.get("assignee") or None,
    )
    try:
        newsroom_desk().newsroom.update_case(g.journalist, source_uuid, change, VIA)
    except CaseError as error:
        flash(_("The case was not changed: %(reason)s", reason=explained(error)), "error")
    else:
        flash(_("Case updated."), "success")
    return back_to_source(source_uuid)


@bp.post("/sources/<source_uuid>/note")
@login_required
def note(source_uuid: str) -> BaseResponse:
    form = NoteForm()
    return _typed_on_source_page(
        source_uuid,
        (form.note.data or "") if form.validate_on_submit() else None,
        lambda text: newsroom_desk().newsroom.add_note(g.journalist, source_uuid, text, VIA),
        missing=_("Write a note first."),
        refused=CaseError,
        done=_("Note encrypted and added."),
    )


@bp.get("/sources/<source_uuid>/submissions/<submission_uuid>/delete")
@login_required
def confirm_delete_submission(source_uuid: str, submission_uuid: str) -> str:
    """The second step of deleting: a page that says what goes, with the one button that
    deletes (works without JavaScript; a GET never deletes anything)."""
    row = newsroom_desk().newsroom.source(source_uuid)
    submission = newsroom_desk().newsroom.submission_of(source_uuid, submission_uuid)
    return render_template("delete_submission.html", source=row, submission=submission, confirm=ConfirmForm())


@bp.post("/sources/<source_uuid>/submissions/<submission_uuid>/delete")
@login_required
def delete_submission(source_uuid: str, submission_uuid: str) -> BaseResponse:
    if request.form.get("confirm") != "yes":  # only the confirmation page's button says yes
        return redirect(url_for(".confirm_delete_submission", source_uuid=source_uuid, submission_uuid=submission_uuid))
    newsroom_desk().newsroom.delete_submission(g.journalist, source_uuid, submission_uuid, VIA)
    flash(_("Submission deleted for good."), "success")
    return back_to_source(source_uuid)


@bp.post("/sources/<source_uuid>/delete")
@login_required
def delete_source(source_uuid: str) -> BaseResponse:
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm deleting this source and everything it sent."), "error")
        return back_to_source(source_uuid)
    newsroom_desk().newsroom.delete_source(g.journalist, source_uuid, VIA)
    flash(_("Source and everything it sent deleted."), "success")
    return redirect(url_for(".sources"))

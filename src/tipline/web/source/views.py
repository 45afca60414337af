"""Source routes. Thin: forms in, services called, templates out. The blueprint is shared with
sending.py, whose views (the form, what arrived, sending again) join it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from tipline.web.source.access import (
    clear_keeping_locale,
    logged_in_source,
    login_required,
    start_source_session,
)
from tipline.web.source.forms import ConfirmForm, CreateForm, LoginForm
from tipline.web.source.portal import source_portal

bp = Blueprint("source", __name__)


@bp.get("/")
def index() -> str:
    return render_template("index.html")


@bp.get("/generate")
def generate() -> Response | str:
    # A source already logged in who comes back here (the Back button, an old bookmark) would
    # otherwise make a second identity that never sees the replies to the first.
    if logged_in_source(source_portal()) is not None:
        return redirect(url_for(".lookup"))
    # The codename is in the language of the page: a source who reads Korean gets Hangul words.
    codename = source_portal().sources.generate_codename(str(get_locale()))
    # A second codename, offered (docs/duress-design.md): taken only if the source ticks the box.
    safety_codename = source_portal().sources.generate_codename(str(get_locale()))
    session["new_codename"] = codename
    session["new_safety_codename"] = safety_codename
    return render_template("generate.html", codename=codename, safety_codename=safety_codename, form=CreateForm())


@bp.post("/create")
def create() -> Response | tuple[str, int]:
    form = CreateForm()
    # Read, not popped: if the server is too busy (SourcesBusy → the busy page) the source
    # keeps the codename it has just learnt and can send the same form again.
    codename = session.get("new_codename")
    safety = session.get("new_safety_codename")
    if not form.validate_on_submit() or not isinstance(codename, str):
        session.pop("new_codename", None)
        session.pop("new_safety_codename", None)
        flash(_("That codename expired. Here is a new one: learn it by heart before you continue."), "error")
        return redirect(url_for(".generate"))
    wanted = safety if form.safety.data and isinstance(safety, str) else None
    login = source_portal().sources.create(codename, wanted)
    start_source_session(login.source_id, login.identity)
    # For this first session only (a login starts a session without it): the source can check
    # the codename once more, behind a <details> element, while the words are still new.
    session["first_codename"] = codename
    if wanted is not None:
        session["first_safety_codename"] = wanted
    flash(_("Your account is ready. Keep your codename secret: it is the only way back."), "success")
    return redirect(url_for(".lookup"))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if request.method == "GET":
        return render_template("login.html", form=form)
    if not form.validate_on_submit():
        return render_template("login.html", form=form), 400
    login = source_portal().sources.login(form.codename.data or "")
    if login is None:
        form.codename.errors = [_("That codename is not right. Check each word and try again.")]
        return render_template("login.html", form=form), 401
    start_source_session(login.source_id, login.identity)
    return redirect(url_for(".lookup"))


@bp.get("/replies/<reply_uuid>/delete")
@login_required
def confirm_delete_reply(reply_uuid: str) -> Response | str:
    # No JavaScript, so no confirm() dialog: the confirmation is a page of its own.
    replies = source_portal().submissions.replies_for_source(session["source_id"], session["identity"], reply_uuid)
    reply = replies[0] if replies else None
    if reply is None:
        flash(_("That reply no longer exists."), "error")
        return redirect(url_for(".lookup"))
    return render_template("delete_reply.html", reply=reply, confirm=ConfirmForm())


@bp.post("/replies/<reply_uuid>/delete")
@login_required
def delete_reply(reply_uuid: str) -> Response:
    form = ConfirmForm()
    if form.validate_on_submit() and source_portal().submissions.delete_reply_by_source(
        session["source_id"], reply_uuid
    ):
        flash(_("The reply was deleted for good."), "success")
    else:
        flash(_("That reply no longer exists."), "error")
    return redirect(url_for(".lookup"))


@bp.post("/logout")
def logout() -> str:
    ConfirmForm().validate_on_submit()
    get_locale()  # settle the page language before the session (and the choice in it) is gone
    # Everything goes but the language: a Russian or Chinese reader's next page stays theirs.
    clear_keeping_locale()
    return render_template("logged_out.html")

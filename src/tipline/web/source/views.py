"""Source routes. Thin: forms in, services called, templates out."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from tipline.services import Services
from tipline.submissions.service import EmptySubmission, IncomingFile
from tipline.submissions.upload import EncryptedUpload
from tipline.web.common.sessions import EncryptedSessionInterface, ServerSession
from tipline.web.source.forms import ConfirmForm, LoginForm, SubmitForm

View = TypeVar("View", bound=Callable[..., Any])


def _server_session() -> ServerSession:
    return cast(ServerSession, session)


def clear_keeping_locale() -> None:
    # A fresh session, but the page language the source chose stays: a Russian reader whose
    # session ran out must not land on a Korean login page.
    locale = session.get("locale")
    _server_session().clear_all()
    if locale:
        session["locale"] = locale


def login_refusal(services: Services) -> Callable[[], Response | None]:
    """The login page (a redirect) unless a source is logged in; None when one is.

    Also installed before the form is read on upload endpoints (see app.py), so that a request
    without a session is refused before any of its body is read or encrypted.
    """

    def refusal() -> Response | None:
        source_id = session.get("source_id")
        if isinstance(source_id, int) and services.sources.exists(source_id):
            return None
        clear_keeping_locale()
        # Only a browser that had a session (now ended) needs telling why; one that never
        # had any gets no cookie just for the notice (the login page explains itself).
        interface = current_app.session_interface
        if isinstance(interface, EncryptedSessionInterface) and interface.cookie_name in request.cookies:
            flash(_("Please log in with your codename."), "info")
        return redirect(url_for("source.login"))

    return refusal


def create_blueprint(services: Services) -> Blueprint:
    bp = Blueprint("source", __name__)
    refusal = login_refusal(services)

    def start_source_session(source_id: int, identity: str) -> None:
        clear_keeping_locale()
        session["source_id"] = source_id
        # The identity that opens the source's replies. Held only in the session store,
        # encrypted under a key that exists only in the source's cookie.
        session["identity"] = identity

    def login_required(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            return refusal() or view(*args, **kwargs)

        return cast(View, wrapped)

    @bp.get("/")
    def index() -> str:
        return render_template("index.html")

    @bp.get("/generate")
    def generate() -> str:
        # The codename is in the language of the page: a source who reads Korean gets Hangul words.
        codename = services.sources.generate_codename(str(get_locale()))
        session["new_codename"] = codename
        return render_template("generate.html", codename=codename, form=ConfirmForm())

    @bp.post("/create")
    def create() -> Response | tuple[str, int]:
        form = ConfirmForm()
        # Read, not popped: if the server is too busy (SourcesBusy → the busy page) the source
        # keeps the codename it has just learnt and can send the same form again.
        codename = session.get("new_codename")
        if not form.validate_on_submit() or not isinstance(codename, str):
            session.pop("new_codename", None)
            flash(_("That codename expired. Here is a new one: learn it by heart before you continue."), "error")
            return redirect(url_for(".generate"))
        login = services.sources.create(codename)
        start_source_session(login.source_id, login.identity)
        flash(_("Your account is ready. Keep your codename secret: it is the only way back."), "success")
        return redirect(url_for(".lookup"))

    @bp.route("/login", methods=["GET", "POST"])
    def login() -> Response | str | tuple[str, int]:
        form = LoginForm()
        if request.method == "GET":
            return render_template("login.html", form=form)
        if not form.validate_on_submit():
            return render_template("login.html", form=form), 400
        login = services.sources.login(form.codename.data or "")
        if login is None:
            form.codename.errors = [_("That codename is not right. Check each word and try again.")]
            return render_template("login.html", form=form), 401
        start_source_session(login.source_id, login.identity)
        return redirect(url_for(".lookup"))

    @bp.get("/lookup")
    @login_required
    def lookup() -> str:
        return _render_lookup(SubmitForm())

    def _render_lookup(form: SubmitForm) -> str:
        replies = services.submissions.replies_for_source(session["source_id"], session["identity"])
        return render_template("lookup.html", form=form, replies=replies, confirm=ConfirmForm())

    @bp.post("/submit")
    @login_required
    def submit() -> Response | tuple[str, int]:
        form = SubmitForm()
        if not form.validate_on_submit():
            return _render_lookup(form), 400
        files = [
            IncomingFile(storage.stream, storage.filename or "", storage.mimetype or "application/octet-stream")
            for storage in request.files.getlist("files")
            if isinstance(storage.stream, EncryptedUpload)
        ]
        if any(not f.upload.complete for f in files):
            flash(_("The upload was cut off before it finished. Nothing was kept; please send it again."), "error")
            return _render_lookup(form), 400
        try:
            services.submissions.submit(session["source_id"], form.message.data or "", files)
        except EmptySubmission:
            flash(_("Write a message or choose a file before you send."), "error")
            return _render_lookup(form), 400
        flash(_("Thank you. The newsroom has received what you sent. Come back later for a reply."), "success")
        return redirect(url_for(".lookup"))

    @bp.post("/replies/<reply_uuid>/delete")
    @login_required
    def delete_reply(reply_uuid: str) -> Response:
        form = ConfirmForm()
        if form.validate_on_submit() and services.submissions.delete_reply_by_source(session["source_id"], reply_uuid):
            flash(_("The reply was deleted for good."), "success")
        else:
            flash(_("That reply no longer exists."), "error")
        return redirect(url_for(".lookup"))

    @bp.post("/logout")
    def logout() -> str:
        ConfirmForm().validate_on_submit()
        get_locale()  # settle the page language before the session (and the choice in it) is gone
        _server_session().clear_all()
        return render_template("logged_out.html")

    return bp

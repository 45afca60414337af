"""Web login with passphrase and TOTP, logout, and the per-request session check."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, abort, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from tipline.errors import LoginThrottled
from tipline.web.common.web_sessions import ServerSession
from tipline.web.journalist.forms import LoginForm
from tipline.web.journalist.portal import newsroom_desk

View = TypeVar("View", bound=Callable[..., Any])
VIA = "web"


def login_required(view: View) -> View:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("journalist") is None:
            return redirect(url_for("auth.login"))
        return view(*args, **kwargs)

    return cast(View, wrapped)


def admin_required(view: View) -> View:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("journalist") is None:
            return redirect(url_for("auth.login"))
        if not g.journalist.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return cast(View, wrapped)


bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_journalist() -> None:
    g.journalist = None
    journalist_id, generation = session.get("journalist_id"), session.get("generation")
    if not isinstance(journalist_id, int) or not isinstance(generation, int):
        return
    # One query per request: a deactivated journalist, or one whose credentials were reset,
    # loses every open session at once, in every server process.
    journalist = newsroom_desk().journalists.current(journalist_id, generation)
    if journalist is None:
        cast(ServerSession, session).clear_all()
        return
    g.journalist = journalist


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        try:
            journalist = newsroom_desk().newsroom.login(
                form.username.data.strip(), form.passphrase.data, form.one_time_code.data, VIA
            )
        except LoginThrottled:
            message = _(
                "Too many failed login attempts. Wait %(minutes)s minutes and try again.",
                minutes=newsroom_desk().settings.login_throttle_minutes,
            )
            flash(message, "error")
            return render_template("login.html", form=form), 429
        if journalist is None:
            # The same words whichever factor failed, and whether or not the username exists.
            flash(_("Login failed. Check your username, passphrase and two-factor code."), "error")
            return render_template("login.html", form=form), 401
        server_session = cast(ServerSession, session)
        server_session.clear_all()  # a new session id and key at login: no fixation
        session["journalist_id"] = journalist.id
        session["generation"] = journalist.session_generation
        return redirect(url_for("desk.sources"))
    return render_template("login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    cast(ServerSession, session).clear_all()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))
